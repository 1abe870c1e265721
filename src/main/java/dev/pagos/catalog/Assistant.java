package dev.pagos.catalog;

import dev.pagos.money.Money;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An AI assistant, known both by a number (1) and a reference ("ventas"), as the frontend uses both. */
@Entity
@Table(name = "assistants")
public class Assistant extends PanacheEntityBase {

    @Id
    public int id;

    public String reference;

    public String name;

    public String description;

    @Column(name = "price_minor")
    public long priceMinor;

    public String currency;

    public boolean active;

    public Money monthlyPrice() {
        return Money.of(priceMinor, currency);
    }
}
