package dev.pagos.billing;

import dev.pagos.money.Money;
import dev.pagos.pricing.BillingPeriod;
import dev.pagos.pricing.ExchangeRate;
import dev.pagos.provider.ProviderName;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A workspace's subscription: what it pays for (the selection), for which period, with which stored payment source,
 * and which period is paid. Its status changes only in {@link SubscriptionTransitions}.
 */
public class Subscription {

    /** Keys of {@link #providerData}. */
    public static final String PAYMENT_SOURCE = "paymentSourceId";
    public static final String CARD_LAST_FOUR = "cardLastFour";

    public UUID id;

    public String workspaceId;

    public String ownerId;

    public SubscriptionStatus status;

    public ProviderName provider;

    /** {plan, freeAssistant, paidAssistants, addons:[{id, reference, quantity, botFlowId}]}, as resolved by the catalogue. */
    public Map<String, Object> selection;

    public BillingPeriod billingPeriod;

    public long priceUsdMinor;

    public long priceCopMinor;

    public BigDecimal exchangeRate;

    public ExchangeRate.Origin exchangeRateOrigin;

    /** A selection (and its USD price) that replaces {@link #selection} when the next period starts. */
    public Map<String, Object> pendingChange;

    public String workspaceName;

    public String email;

    public String phone;

    public Map<String, String> providerData;

    /** Card, wallet, or wallet first and then the card; the wallet is the owner's, in COP. */
    public PaymentChoice paymentChoice = PaymentChoice.CARD;

    public Instant anchorAt;

    public int periodsPaid;

    public Instant currentPeriodStart;

    public Instant currentPeriodEnd;

    public boolean cancelAtPeriodEnd;

    public Instant canceledAt;

    public Instant nextActionAt;

    public int declinedAttempts;

    public Instant claimedUntil;

    public String failureReason;

    public Instant createdAt;

    public Instant updatedAt;

    /** Checked and advanced by every write of the subscription ({@code SubscriptionStore.update}). */
    public long version;

    /** The workspace id as the seed's frontend types it: a number when it is one, else the text. */
    public Object workspaceIdAsSeedTypesIt() {
        return workspaceId.matches("[1-9]\\d{0,17}") ? (Object) Long.parseLong(workspaceId) : workspaceId;
    }

    public String paymentSourceId() {
        return providerData == null ? null : providerData.get(PAYMENT_SOURCE);
    }

    public Money priceCop() {
        return Money.of(priceCopMinor, "COP");
    }
}
