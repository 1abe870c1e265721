package dev.pagos.order;

import dev.pagos.money.Money;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** A buyer's one-time purchase of a product. The provider knows it only by its id (the opaque reference). */
@Entity
@Table(name = "orders")
public class Order extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "user_id")
    public String userId;

    @Column(name = "product_id")
    public String productId;

    public String provider;

    @Enumerated(EnumType.STRING)
    public OrderStatus status;

    @Column(name = "amount_minor")
    public long amountMinor;

    public String currency;

    @Column(name = "provider_order_id")
    public String providerOrderId;

    @Column(name = "approve_url")
    public String approveUrl;

    @Column(name = "provider_capture_id")
    public String providerCaptureId;

    @Column(name = "failure_reason")
    public String failureReason;

    /** Set with FAILED when the buyer cancelled or the checkout expired; null when the payment itself failed. */
    @Enumerated(EnumType.STRING)
    @Column(name = "failure_kind")
    public FailureKind failureKind;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    /** While in the future, one request or event is making this order's provider call; others must not. */
    @Column(name = "claimed_until")
    public Instant claimedUntil;

    @Column(name = "last_checked_at")
    public Instant lastCheckedAt;

    @Version
    public long version;

    public Money amount() {
        return Money.of(amountMinor, currency);
    }
}
