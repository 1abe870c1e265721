package dev.pagos.order;

import dev.pagos.money.Money;
import dev.pagos.pricing.BillingPeriod;
import dev.pagos.pricing.ExchangeRate;
import dev.pagos.provider.ProviderName;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A buyer's one-time purchase: of a product, or of a plan, AI assistants and add-ons (then {@code productId} is
 * null and the lines and the price breakdown say what was bought). The provider knows it only by its id (the
 * opaque reference).
 */
public class Order {

    public UUID id;

    public String userId;

    /** Null for a plan/assistants/add-ons purchase. */
    public String productId;

    public ProviderName provider;

    /** A purchase, or a wallet top-up (then productId is null and completion credits the wallet). */
    public OrderKind kind = OrderKind.PURCHASE;

    public OrderStatus status;

    public long amountMinor;

    public String currency;

    public String providerOrderId;

    /** The page where the buyer pays (PayPal's approval page, Wompi's web checkout); set once the checkout is open. */
    public String approveUrl;

    /** What only one provider needs (Wompi's signed widget parameters), kept as the provider gave it. */
    public Map<String, String> providerData;

    /** What a plan/assistants/add-ons purchase is called on the page ("Business + 2 assistants"). */
    public String title;

    public String workspaceId;

    public BillingPeriod billingPeriod;

    /** COP per USD used to price the order, and where it came from. */
    public BigDecimal exchangeRate;

    public ExchangeRate.Origin exchangeRateOrigin;

    /** The price breakdown the buyer was shown, as JSON. */
    public Map<String, Object> quote;

    public String providerCaptureId;

    public String failureReason;

    /** Set with FAILED when the buyer cancelled or the checkout expired; null when the payment itself failed. */
    public FailureKind failureKind;

    public Instant createdAt;

    public Instant updatedAt;

    public Instant completedAt;

    /** While in the future, one request or event is making this order's provider call; others must not. */
    public Instant claimedUntil;

    public Instant lastCheckedAt;

    /** Steps with every write of the order; a write from a copy of an older version fails (see OrderStore). */
    public long version;

    public Money amount() {
        return Money.of(amountMinor, currency);
    }

    /** A top-up order as the ledger knows it (its credit, and any refund of it). */
    public dev.pagos.wallet.TopUp asTopUp() {
        return new dev.pagos.wallet.TopUp(userId, currency, amountMinor, id, provider.code());
    }
}
