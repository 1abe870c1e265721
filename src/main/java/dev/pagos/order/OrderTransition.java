package dev.pagos.order;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One line of an order's audit trail: a status change and what caused it. */
@Entity
@Table(name = "order_transitions")
public class OrderTransition extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "order_id")
    public UUID orderId;

    @Enumerated(EnumType.STRING)
    @Column(name = "from_status")
    public OrderStatus fromStatus;

    @Enumerated(EnumType.STRING)
    @Column(name = "to_status")
    public OrderStatus toStatus;

    /** Who or what moved the order: "buyer", "webhook:paypal:WH-...", "capture", ... */
    public String cause;

    /** Free text for people: a provider's reason, a raw provider status. Never card data. */
    public String detail;

    @Column(name = "occurred_at")
    public Instant occurredAt;
}
