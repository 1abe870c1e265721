package dev.pagos.catalog;

import dev.pagos.money.Money;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A digital good a buyer can own (a modpack, say), priced exactly. */
@Entity
@Table(name = "products")
public class Product extends PanacheEntityBase {

    @Id
    public String id;

    public String name;

    public String description;

    @Column(name = "price_minor")
    public long priceMinor;

    public String currency;

    public boolean active;

    public Money price() {
        return Money.of(priceMinor, currency);
    }
}
