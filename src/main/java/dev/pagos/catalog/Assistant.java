package dev.pagos.catalog;

import dev.pagos.money.Money;

/** An AI assistant, known both by a number (1) and a reference ("ventas"), as the frontend uses both. */
public class Assistant {

    public int id;

    public String reference;

    public String name;

    public String description;

    public long priceMinor;

    public String currency;

    public boolean active;

    public Money monthlyPrice() {
        return Money.of(priceMinor, currency);
    }
}
