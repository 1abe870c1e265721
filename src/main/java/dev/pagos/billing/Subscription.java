package dev.pagos.billing;

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
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A workspace's subscription: what it pays for (the selection), for which period, with which stored payment source,
 * and which period is paid. Its status changes only in {@link SubscriptionTransitions}.
 */
@Entity
@Table(name = "subscriptions")
public class Subscription extends PanacheEntityBase {

    /** Keys of {@link #providerData}. */
    public static final String PAYMENT_SOURCE = "paymentSourceId";
    public static final String CARD_LAST_FOUR = "cardLastFour";

    @Id
    public UUID id;

    @Column(name = "workspace_id")
    public String workspaceId;

    @Column(name = "owner_id")
    public String ownerId;

    @Enumerated(EnumType.STRING)
    public SubscriptionStatus status;

    public ProviderName provider;

    /** {plan, freeAssistant, paidAssistants, addons:[{id, reference, quantity, botFlowId}]}, as resolved by the catalogue. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> selection;

    @Enumerated(EnumType.STRING)
    @Column(name = "billing_period")
    public BillingPeriod billingPeriod;

    @Column(name = "price_usd_minor")
    public long priceUsdMinor;

    @Column(name = "price_cop_minor")
    public long priceCopMinor;

    @Column(name = "exchange_rate")
    public BigDecimal exchangeRate;

    @Enumerated(EnumType.STRING)
    @Column(name = "exchange_rate_origin")
    public ExchangeRate.Origin exchangeRateOrigin;

    /** A selection (and its USD price) that replaces {@link #selection} when the next period starts. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "pending_change")
    public Map<String, Object> pendingChange;

    @Column(name = "workspace_name")
    public String workspaceName;

    public String email;

    public String phone;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "provider_data")
    public Map<String, String> providerData;

    @Column(name = "anchor_at")
    public Instant anchorAt;

    @Column(name = "periods_paid")
    public int periodsPaid;

    @Column(name = "current_period_start")
    public Instant currentPeriodStart;

    @Column(name = "current_period_end")
    public Instant currentPeriodEnd;

    @Column(name = "cancel_at_period_end")
    public boolean cancelAtPeriodEnd;

    @Column(name = "canceled_at")
    public Instant canceledAt;

    @Column(name = "next_action_at")
    public Instant nextActionAt;

    @Column(name = "declined_attempts")
    public int declinedAttempts;

    @Column(name = "claimed_until")
    public Instant claimedUntil;

    @Column(name = "failure_reason")
    public String failureReason;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Version
    public long version;

    public String paymentSourceId() {
        return providerData == null ? null : providerData.get(PAYMENT_SOURCE);
    }

    public Money priceCop() {
        return Money.of(priceCopMinor, "COP");
    }
}
