package dev.pagos.order;

import java.time.Instant;
import java.util.UUID;

/** One line of an order's audit trail: a status change and what caused it. */
public class OrderTransition {

    /** Given by the database (an identity column) when the line is inserted. */
    public Long id;

    public UUID orderId;

    public OrderStatus fromStatus;

    public OrderStatus toStatus;

    /** Who or what moved the order: "buyer", "webhook:paypal:WH-...", "capture", ... */
    public String cause;

    /** Free text for people: a provider's reason, a raw provider status. Never card data. */
    public String detail;

    public Instant occurredAt;
}
