package dev.pagos.billing;

import dev.pagos.money.Money;
import dev.pagos.provider.PaymentReferences;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** One attempt to charge one period of a subscription. Its status changes only in {@link SubscriptionTransitions}. */
@Entity
@Table(name = "charges")
public class Charge extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "subscription_id")
    public UUID subscriptionId;

    /** Which period it pays: 0 = the first. */
    @Column(name = "period_index")
    public int periodIndex;

    /** 1 for the first attempt at the period, 2 for the first dunning retry, ... */
    public int attempt;

    @Enumerated(EnumType.STRING)
    public ChargeStatus status;

    @Column(name = "amount_minor")
    public long amountMinor;

    public String currency;

    @Column(name = "amount_usd_minor")
    public long amountUsdMinor;

    @Column(name = "exchange_rate")
    public BigDecimal exchangeRate;

    /** pagos-charge-<subscription>-<period>-<attempt>: the same for every retry of this attempt, never for another. */
    @Column(name = "idempotency_key")
    public String idempotencyKey;

    @Column(name = "provider_payment_id")
    public String providerPaymentId;

    @Column(name = "provider_status")
    public String providerStatus;

    @Column(name = "failure_reason")
    public String failureReason;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public Money amount() {
        return Money.of(amountMinor, currency);
    }

    /** What the provider knows this charge by. */
    public String reference() {
        return PaymentReferences.ofCharge(id);
    }

    public static String idempotencyKeyOf(UUID subscriptionId, int periodIndex, int attempt) {
        return "pagos-charge-" + subscriptionId + "-" + periodIndex + "-" + attempt;
    }
}
