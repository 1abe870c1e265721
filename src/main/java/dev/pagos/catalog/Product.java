package dev.pagos.catalog;

import dev.pagos.money.Money;

/** A digital good a buyer can own (a modpack, say), priced exactly. */
public class Product {

    public String id;

    public String name;

    public String description;

    public long priceMinor;

    public String currency;

    public boolean active;

    public Money price() {
        return Money.of(priceMinor, currency);
    }
}
