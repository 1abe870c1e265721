package dev.pagos.catalog;

import dev.pagos.money.Money;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An add-on (an extra bot, member, webhooks), bought in a quantity, priced per unit and month. */
@Entity
@Table(name = "addons")
public class Addon extends PanacheEntityBase {

    @Id
    public int id;

    public String reference;

    public String name;

    public String description;

    @Column(name = "price_minor")
    public long priceMinor;

    public String currency;

    /** Whether a unit may be bound to one of the workspace's bot flows. */
    @Column(name = "takes_bot_flow")
    public boolean takesBotFlow;

    @Column(name = "max_quantity")
    public int maxQuantity;

    public boolean active;

    public Money monthlyPrice() {
        return Money.of(priceMinor, currency);
    }
}
