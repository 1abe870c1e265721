package dev.pagos.order;

import dev.pagos.money.Money;
import dev.pagos.pricing.BillingPeriod;
import dev.pagos.pricing.ExchangeRate;
import dev.pagos.provider.ProviderName;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A buyer's one-time purchase: of a product, or of a plan, AI assistants and add-ons (then {@code productId} is
 * null and the lines and the price breakdown say what was bought). The provider knows it only by its id (the
 * opaque reference).
 */
@Entity
@Table(name = "orders")
public class Order extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "user_id")
    public String userId;

    /** Null for a plan/assistants/add-ons purchase. */
    @Column(name = "product_id")
    public String productId;

    public ProviderName provider;

    @Enumerated(EnumType.STRING)
    public OrderStatus status;

    @Column(name = "amount_minor")
    public long amountMinor;

    public String currency;

    @Column(name = "provider_order_id")
    public String providerOrderId;

    /** The page where the buyer pays (PayPal's approval page, Wompi's web checkout); set once the checkout is open. */
    @Column(name = "approve_url")
    public String approveUrl;

    /** What only one provider needs (Wompi's signed widget parameters), kept as the provider gave it. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "provider_data")
    public Map<String, String> providerData;

    /** What a plan/assistants/add-ons purchase is called on the page ("Business + 2 assistants"). */
    public String title;

    @Column(name = "workspace_id")
    public String workspaceId;

    @Enumerated(EnumType.STRING)
    @Column(name = "billing_period")
    public BillingPeriod billingPeriod;

    /** COP per USD used to price the order, and where it came from. */
    @Column(name = "exchange_rate")
    public BigDecimal exchangeRate;

    @Enumerated(EnumType.STRING)
    @Column(name = "exchange_rate_origin")
    public ExchangeRate.Origin exchangeRateOrigin;

    /** The price breakdown the buyer was shown, as JSON. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> quote;

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
