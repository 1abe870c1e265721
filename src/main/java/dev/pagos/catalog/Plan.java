package dev.pagos.catalog;

import dev.pagos.money.Money;

/** A workspace plan ("business", "business_lite"), priced per month. */
public class Plan {

    public String id;

    public String name;

    public String description;

    public long priceMinor;

    public String currency;

    public boolean active;

    public int sortOrder;

    public Money monthlyPrice() {
        return Money.of(priceMinor, currency);
    }
}
