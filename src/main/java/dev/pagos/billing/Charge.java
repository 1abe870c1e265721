package dev.pagos.billing;

import dev.pagos.money.Money;
import dev.pagos.provider.PaymentReferences;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** One attempt to charge one period of a subscription. Its status changes only in {@link SubscriptionTransitions}. */
public class Charge {

    public UUID id;

    public UUID subscriptionId;

    /** Which period it pays: 0 = the first. */
    public int periodIndex;

    /** 1 for the first attempt at the period, 2 for the first dunning retry, ... */
    public int attempt;

    public ChargeStatus status;

    public long amountMinor;

    public String currency;

    public long amountUsdMinor;

    public BigDecimal exchangeRate;

    /** pagos-charge-<subscription>-<period>-<attempt>: the same for every retry of this attempt, never for another. */
    public String idempotencyKey;

    public String providerPaymentId;

    public String providerStatus;

    public String failureReason;

    public Instant createdAt;

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
