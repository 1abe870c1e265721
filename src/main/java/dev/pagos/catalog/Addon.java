package dev.pagos.catalog;

import dev.pagos.money.Money;

/** An add-on (an extra bot, member, webhooks), bought in a quantity, priced per unit and month. */
public class Addon {

    public int id;

    public String reference;

    public String name;

    public String description;

    public long priceMinor;

    public String currency;

    /** Whether a unit may be bound to one of the workspace's bot flows. */
    public boolean takesBotFlow;

    public int maxQuantity;

    public boolean active;

    public Money monthlyPrice() {
        return Money.of(priceMinor, currency);
    }
}
