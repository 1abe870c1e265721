package dev.pagos.catalog;

import dev.pagos.money.Money;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A workspace plan ("business", "business_lite"), priced per month. */
@Entity
@Table(name = "plans")
public class Plan extends PanacheEntityBase {

    @Id
    public String id;

    public String name;

    public String description;

    @Column(name = "price_minor")
    public long priceMinor;

    public String currency;

    public boolean active;

    @Column(name = "sort_order")
    public int sortOrder;

    public Money monthlyPrice() {
        return Money.of(priceMinor, currency);
    }
}
