package dev.pagos.order;

import dev.pagos.pricing.ItemKind;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** One item of a plan/assistants/add-ons order, with its amount for the whole period before any discount. */
@Entity
@Table(name = "order_lines")
public class OrderLine extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "order_id")
    public UUID orderId;

    public int position;

    @Enumerated(EnumType.STRING)
    public ItemKind kind;

    @Column(name = "item_id")
    public String itemId;

    @Column(name = "item_reference")
    public String itemReference;

    public String name;

    public int quantity;

    /** The assistant that comes with the plan. */
    public boolean free;

    @Column(name = "bot_flow_id")
    public String botFlowId;

    @Column(name = "amount_minor")
    public long amountMinor;

    public String currency;
}
