package dev.pagos.order;

import dev.pagos.catalog.Product;
import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import dev.pagos.persistence.Transactions;
import dev.pagos.catalog.PurchaseCatalog;
import dev.pagos.catalog.PurchaseSelection;
import dev.pagos.exchange.ExchangeRates;
import dev.pagos.pricing.Pricing;
import dev.pagos.pricing.Quote;
import dev.pagos.pricing.QuoteMaps;
import dev.pagos.provider.Checkout;
import dev.pagos.provider.CheckoutRequest;
import dev.pagos.provider.HostedCheckout;
import dev.pagos.provider.PaymentProviders;
import dev.pagos.provider.ProviderName;
import dev.pagos.provider.ProviderRejectedException;
import dev.pagos.provider.ProviderUnavailableException;
import dev.pagos.wallet.Movement;
import dev.pagos.wallet.Posted;
import dev.pagos.wallet.Wallet;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Placing one-time orders and reading them back for their buyer. */
@ApplicationScoped
public class OrderService {

    private static final Logger LOG = Logger.getLogger(OrderService.class);
    static final String CAUSE_BUYER = "buyer";
    /** Orders whose outcome is not known yet: a page waiting on one of these still has something to show. */
    private static final List<OrderStatus> OPEN = List.of(OrderStatus.PENDING, OrderStatus.APPROVED, OrderStatus.CAPTURE_PENDING);

    private final PurchaseCatalog purchaseCatalog;
    private final ExchangeRates exchangeRates;
    private final OrderClaims claims;
    private final Duration checkoutWait;
    private final PaymentProviders providers;
    private final OrderTransitions transitions;
    private final Clock clock;
    private final String returnUrl;
    private final String cancelUrl;
    private final Duration checkoutLifetime;
    private final OrderNotifier notifier;
    private final Wallet wallet;

    OrderService(PurchaseCatalog purchaseCatalog, ExchangeRates exchangeRates, OrderClaims claims,
            PaymentProviders providers, OrderTransitions transitions, OrderNotifier notifier, Wallet wallet, Clock clock,
            @ConfigProperty(name = "pagos.checkout.open-wait", defaultValue = "PT10S") Duration checkoutWait,
            @ConfigProperty(name = "pagos.checkout.return-url") String returnUrl,
            @ConfigProperty(name = "pagos.checkout.cancel-url") String cancelUrl,
            @ConfigProperty(name = "pagos.checkout.lifetime") Duration checkoutLifetime) {
        this.purchaseCatalog = purchaseCatalog;
        this.exchangeRates = exchangeRates;
        this.claims = claims;
        this.checkoutWait = checkoutWait;
        this.providers = providers;
        this.transitions = transitions;
        this.clock = clock;
        this.returnUrl = returnUrl;
        this.cancelUrl = cancelUrl;
        this.checkoutLifetime = checkoutLifetime;
        this.notifier = notifier;
        this.wallet = wallet;
    }

    /**
     * Opens (or re-opens) the buyer's checkout for a product. A buyer who already has an open order for the
     * same product and provider gets that order back, so a double click never opens two checkouts; if its
     * checkout could not be opened before, it is tried again with the same idempotency key.
     */
    public PlacedOrder placeOrder(String userId, String productId, String providerName) {
        if (ProviderName.WALLET.code().equals(providerName)) {
            return payProductFromWallet(userId, productId);
        }
        ProviderName provider = providers.named(providerName);
        return openCheckout(findOrCreateOpenOrder(userId, productId, provider));
    }

    /**
     * Places an order for a plan, AI assistants and add-ons: the selection is checked against the catalogue and
     * priced (in COP at the current rate) before anything is written; the order, its lines and the breakdown are
     * stored together; then the checkout is opened. A retry is made safe by the Idempotency-Key header.
     */
    public PlacedOrder placePurchase(String userId, PurchaseSelection selection, String workspaceId, String providerName) {
        boolean fromWallet = ProviderName.WALLET.code().equals(providerName);
        ProviderName provider = fromWallet ? ProviderName.WALLET : providers.named(providerName);
        PurchaseCatalog.Purchase purchase = purchaseCatalog.resolve(selection);
        Quote quote = Pricing.quote(purchase.items(), purchase.period(), exchangeRates.copPerUsd());
        if (fromWallet) {
            return payPurchaseFromWallet(userId, purchase, quote, workspaceId);
        }
        requireCurrency(provider, quote.totalCop().currency());
        Order order = Transactions.inTransaction(() -> {
            Order created = newPurchaseOrder(userId, provider, purchase, quote, workspaceId);
            return transitions.create(created, "buyer").flatMap(saved -> persistLines(saved, quote));
        });
        return openCheckout(new PlacedOrder(order, null));
    }

    /** Top-ups are whole amounts between these bounds, in minor units. */
    static final long MAX_TOPUP_MINOR = 100_000_000_000L;

    /**
     * Opens a checkout that tops the buyer's wallet up: an order of its own kind, paid through a provider like any
     * other, whose completion (only on the provider's confirmed payment, once) credits the wallet in the same
     * transaction. A retry is made safe by the Idempotency-Key header.
     */
    public PlacedOrder placeTopUp(String userId, long amountMinor, String currency, String providerName) {
        if (ProviderName.WALLET.code().equals(providerName)) {
            throw new PagosException(ErrorCode.UNSUPPORTED_PROVIDER, "A wallet is topped up through a payment provider");
        }
        if (amountMinor < 1 || amountMinor > MAX_TOPUP_MINOR || currency == null || !currency.matches("[A-Z]{3}")) {
            throw new PagosException(ErrorCode.INVALID_REQUEST, "a top-up needs an amount from 1 to " + MAX_TOPUP_MINOR
                    + " minor units and a currency (e.g. USD)");
        }
        ProviderName provider = providers.named(providerName);
        requireCurrency(provider, currency);
        Order order = new Order();
        order.id = UUID.randomUUID();
        order.userId = userId;
        order.kind = OrderKind.TOPUP;
        order.provider = provider;
        order.title = "Wallet top-up (" + currency + ")";
        order.amountMinor = amountMinor;
        order.currency = currency;
        order.createdAt = clock.instant();
        order.updatedAt = order.createdAt;
        Order created = Transactions.inTransaction(() -> transitions.create(order, CAUSE_BUYER));
        return openCheckout(new PlacedOrder(created, null));
    }

    /** What paying from the wallet wrote, all in one transaction: the order (COMPLETED) and the wallet's entry. */
    private record WalletPayment(OrderTransitions.Change change, Product product, Posted posted) {
    }

    /**
     * Pays a product from the buyer's wallet in the product's currency: in one transaction the order is created,
     * the wallet debited (one journal entry) and the order completed with its grant; a balance that does not cover
     * it is INSUFFICIENT_FUNDS with nothing written. Two such requests for one product at once: the second finds
     * the product owned.
     */
    private PlacedOrder payProductFromWallet(String userId, String productId) {
        WalletPayment paid;
        try {
            paid = Transactions.inTransaction(() -> productFromWallet(userId, productId));
        } catch (RuntimeException e) {
            if (!Transactions.isUniqueViolation(e)) {
                throw e;
            }
            // A concurrent payment for the same product won (its grant is unique): this one rolled back whole.
            paid = Transactions.inTransaction(() -> productFromWallet(userId, productId));
        }
        return afterWalletPayment(paid);
    }

    private Uni<WalletPayment> productFromWallet(String userId, String productId) {
        return OrderStore.orderable(userId, productId, ProviderName.WALLET).flatMap(found -> {
            if (found == null || !found.product().active) {
                return Uni.createFrom().failure(new PagosException(ErrorCode.PRODUCT_NOT_FOUND,
                        "No product with id '" + productId + "'"));
            }
            Product product = found.product();
            if (found.owned()) {
                return Uni.createFrom().failure(new PagosException(ErrorCode.ALREADY_OWNED,
                        "You already own '" + product.name + "'"));
            }
            return transitions.create(newOrder(userId, product, ProviderName.WALLET), CAUSE_BUYER)
                    .flatMap(order -> debitAndComplete(order, product));
        });
    }

    private PlacedOrder payPurchaseFromWallet(String userId, PurchaseCatalog.Purchase purchase, Quote quote,
            String workspaceId) {
        WalletPayment paid = Transactions.inTransaction(() -> {
            Order created = newPurchaseOrder(userId, ProviderName.WALLET, purchase, quote, workspaceId);
            return transitions.create(created, CAUSE_BUYER).flatMap(saved -> persistLines(saved, quote))
                    .flatMap(saved -> debitAndComplete(saved, null));
        });
        return afterWalletPayment(paid);
    }

    private Uni<WalletPayment> debitAndComplete(Order order, Product product) {
        return wallet.post(Movement.purchase(order.userId, order.currency, order.amountMinor, order.id))
                .flatMap(posted -> transitions.move(order, OrderStatus.COMPLETED, "wallet",
                        "paid from the wallet (entry " + posted.entry().id() + ")")
                        .map(change -> new WalletPayment(change, product, posted)));
    }

    private PlacedOrder afterWalletPayment(WalletPayment paid) {
        wallet.notifyOwner(paid.posted());
        notifier.statusChanged(paid.change());
        return new PlacedOrder(paid.change().order(), paid.product());
    }

    private void requireCurrency(ProviderName provider, String currency) {
        if (!providers.checkout(provider).accepts(currency)) {
            throw new PagosException(ErrorCode.UNSUPPORTED_PROVIDER, provider + " cannot charge " + currency);
        }
    }

    private Uni<Order> persistLines(Order order, Quote quote) {
        List<OrderLine> rows = new java.util.ArrayList<>();
        int position = 0;
        for (Quote.Line line : quote.lines()) {
            OrderLine row = new OrderLine();
            row.id = UUID.randomUUID();
            row.orderId = order.id;
            row.position = position++;
            row.kind = line.item().kind();
            row.itemId = line.item().id();
            row.itemReference = line.item().reference();
            row.name = line.item().name();
            row.quantity = line.item().quantity();
            row.free = line.item().free();
            row.botFlowId = line.item().botFlowId();
            row.amountMinor = line.amount().minorUnits();
            row.currency = line.amount().currency();
            rows.add(row);
        }
        return OrderStore.insertLines(rows).replaceWith(order);
    }

    private Order newPurchaseOrder(String userId, ProviderName provider, PurchaseCatalog.Purchase purchase, Quote quote,
            String workspaceId) {
        Order order = new Order();
        order.id = UUID.randomUUID();
        order.userId = userId;
        order.provider = provider;
        order.title = PurchaseTitles.of(purchase);
        order.workspaceId = workspaceId;
        order.billingPeriod = purchase.period();
        order.amountMinor = quote.totalCop().minorUnits();
        order.currency = quote.totalCop().currency();
        order.exchangeRate = quote.rate().copPerUsd();
        order.exchangeRateOrigin = quote.rate().origin();
        order.quote = QuoteMaps.of(quote);
        order.createdAt = clock.instant();
        order.updatedAt = order.createdAt;
        return order;
    }

    /** Opens the provider's checkout for an order that has none yet, once however many requests ask at the same time. */
    private PlacedOrder openCheckout(PlacedOrder placed) {
        if (placed.order().approveUrl != null) {
            return placed;
        }
        Order order = placed.order();
        HostedCheckout provider = providers.checkout(order.provider);
        if (!claims.claim(order.id, o -> o.approveUrl == null && o.status == OrderStatus.PENDING)) {
            // Another click is opening this very checkout: wait for it rather than ask the provider again.
            return new PlacedOrder(checkoutOpenedByAnother(order.id), placed.product());
        }
        Checkout checkout;
        try {
            checkout = provider.open(new CheckoutRequest(order.id, order.amount(), placed.displayName(),
                    returnUrl, cancelUrl));
        } catch (ProviderUnavailableException e) {
            claims.release(order.id);
            LOG.warnf("Checkout for order %s not opened, %s unavailable: %s", order.id, provider.provider(), e.getMessage());
            throw new PagosException(ErrorCode.PROVIDER_UNAVAILABLE, "The payment provider is not answering; your order "
                    + order.id + " is kept and the same request can be retried", e);
        } catch (ProviderRejectedException e) {
            Transactions.inTransaction(() -> transitions.lock(order.id).flatMap(o -> {
                boolean claimed = o.claimedUntil != null;
                o.claimedUntil = null;
                return transitions.move(o, OrderStatus.FAILED, "checkout-create",
                        "rejected by " + provider.provider() + ": " + e.providerCode())
                        .call(change -> !change.moved() && claimed ? transitions.save(o) : Uni.createFrom().voidItem());
            }));
            throw new PagosException(ErrorCode.PROVIDER_REJECTED, "The payment provider refused to open the checkout ("
                    + e.providerCode() + ")", e);
        } catch (RuntimeException e) {
            claims.release(order.id);
            throw e;
        }
        // Unless the order got its checkout meanwhile: then it keeps the one it has.
        Order opened = Transactions.autocommit(() -> OrderStore.checkoutOpened(order.id, checkout.providerPaymentId(),
                checkout.link(), checkout instanceof Checkout.Widget widget ? widget.parameters() : null, clock.instant()));
        return new PlacedOrder(opened, placed.product());
    }

    /** Polls, briefly and boundedly, for the checkout a concurrent request is opening. */
    private Order checkoutOpenedByAnother(UUID orderId) {
        long deadline = System.nanoTime() + checkoutWait.toNanos();
        while (true) {
            Order order = Transactions.autocommit(() -> OrderStore.order(orderId));
            if (order.approveUrl != null || order.status != OrderStatus.PENDING) {
                return order;
            }
            if (System.nanoTime() > deadline) {
                throw new PagosException(ErrorCode.CHECKOUT_IN_PROGRESS, "Your checkout for order " + orderId
                        + " is still being opened; send the same request again in a moment");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PagosException(ErrorCode.CHECKOUT_IN_PROGRESS, "Interrupted while your checkout was being opened");
            }
        }
    }

    private PlacedOrder findOrCreateOpenOrder(String userId, String productId, ProviderName provider) {
        try {
            return Transactions.inTransaction(() -> openOrCreate(userId, productId, provider));
        } catch (RuntimeException e) {
            if (!Transactions.isUniqueViolation(e)) {
                throw e;
            }
            // Another request for the same buyer and product won the race to insert; use its order.
            return Transactions.inTransaction(() -> openOrCreate(userId, productId, provider));
        }
    }

    /** One read (the product, whether the buyer owns it, their open order for it), then at most two writes. */
    private Uni<PlacedOrder> openOrCreate(String userId, String productId, ProviderName provider) {
        return OrderStore.orderable(userId, productId, provider).flatMap(found -> {
            if (found == null || !found.product().active) {
                return Uni.createFrom().failure(new PagosException(ErrorCode.PRODUCT_NOT_FOUND,
                        "No product with id '" + productId + "'"));
            }
            Product product = found.product();
            requireCurrency(provider, product.currency);
            if (found.owned()) {
                return Uni.createFrom().failure(new PagosException(ErrorCode.ALREADY_OWNED,
                        "You already own '" + product.name + "'"));
            }
            Order open = found.open();
            return (open == null || isStale(open)
                    ? expire(open).flatMap(expired -> transitions.create(newOrder(userId, product, provider), CAUSE_BUYER))
                    : Uni.createFrom().item(open))
                    .map(order -> new PlacedOrder(order, product));
        });
    }

    /**
     * An open order older than the checkout lifetime is not reused: PayPal forgets the request id after
     * about six hours and lets unapproved orders lapse, so its link may no longer work.
     */
    private boolean isStale(Order open) {
        return open.createdAt.isBefore(clock.instant().minus(checkoutLifetime));
    }

    private Uni<Void> expire(Order stale) {
        if (stale == null) {
            return Uni.createFrom().voidItem();
        }
        // Written before the new order is inserted: only one PENDING order per buyer and product may exist. The
        // order was read without a lock, so the write fails if another request changed it meanwhile (its version).
        return transitions.fail(stale, FailureKind.EXPIRED, "expired", "not paid within " + checkoutLifetime)
                .replaceWithVoid();
    }

    private Order newOrder(String userId, Product product, ProviderName provider) {
        Order order = new Order();
        order.id = UUID.randomUUID();
        order.userId = userId;
        order.productId = product.id;
        order.provider = provider;
        order.amountMinor = product.priceMinor;
        order.currency = product.currency;
        order.createdAt = clock.instant();
        order.updatedAt = order.createdAt;
        return order;
    }

    /** The buyer's own order; another buyer's order is indistinguishable from a missing one. */
    public PlacedOrder buyersOrder(String userId, UUID orderId) {
        // One statement: the order with its product.
        return Transactions.autocommit(() -> OrderStore.buyersOrder(orderId, userId)
                .onItem().ifNull().failWith(() -> notFound(orderId)));
    }

    /**
     * The checkout to open on the provider's page for an order still waiting for its payment (PENDING, with its
     * checkout opened), for a page anyone holding the link may open (a phone that scanned the QR code is not signed
     * in): the order id is the capability, as PayPal's and Wompi's links are. Empty for a missing order, another
     * provider's, or one that is no longer payable.
     */
    public Optional<CheckoutRequest> payableCheckout(UUID orderId, ProviderName provider) {
        PlacedOrder placed = Transactions.autocommit(() -> OrderStore.placed(orderId));
        if (placed == null || placed.order().provider != provider || placed.order().status != OrderStatus.PENDING
                || placed.order().approveUrl == null) {
            return Optional.empty();
        }
        return Optional.of(new CheckoutRequest(orderId, placed.order().amount(), placed.displayName(), returnUrl,
                cancelUrl));
    }

    /**
     * The buyer gives up an order they have not paid. Only a PENDING order can be cancelled: once the buyer approved,
     * the money is on its way and only a refund undoes it. Cancelling an order already cancelled answers it again,
     * so a retried request is harmless. The buyer's other browsers hear of it like any other change.
     */
    public PlacedOrder cancel(String userId, UUID orderId) {
        // The order is read with its product (the order's row alone is locked), so nothing is read afterwards.
        PlacedOrder[] locked = new PlacedOrder[1];
        OrderTransitions.Change change = Transactions.inTransaction(() -> OrderStore.lockBuyersOrder(orderId, userId)
                .onItem().ifNull().failWith(() -> notFound(orderId))
                .invoke(placed -> locked[0] = placed)
                .map(PlacedOrder::order)
                .flatMap(order -> {
                    if (order.status == OrderStatus.FAILED && order.failureKind == FailureKind.CANCELLED) {
                        return Uni.createFrom().item(new OrderTransitions.Change(order, order.status, false, Optional.empty()));
                    }
                    if (order.status != OrderStatus.PENDING) {
                        return Uni.createFrom().failure(new PagosException(ErrorCode.ORDER_NOT_CANCELLABLE, "Order " + orderId
                                + " is " + OrderNotifier.publicStatus(order) + " and can no longer be cancelled"));
                    }
                    return transitions.fail(order, FailureKind.CANCELLED, CAUSE_BUYER, "cancelled by the buyer");
                }));
        notifier.statusChanged(change);
        // A plan purchase (Wompi) names no product.
        return new PlacedOrder(change.order(), locked[0].product());
    }

    /**
     * One page of the buyer's orders, newest first, for a page that must find its way back to an interrupted
     * checkout. Keyset-paged on (createdAt, id), so an order placed while paging shifts nothing.
     *
     * @param after the last order of the previous page, or null for the first page
     * @param openOnly only orders still waiting for the buyer or the provider (PENDING, APPROVED, CAPTURE_PENDING)
     */
    public OrderPage recentOrders(String userId, OrderCursor after, int limit, boolean openOnly) {
        // One statement, the orders with their products; one row more than the page tells whether another follows.
        List<PlacedOrder> rows = Transactions.autocommit(() -> OrderStore.recent(userId, openOnly ? OPEN : null, after,
                limit + 1));
        return rows.size() > limit
                ? new OrderPage(rows.subList(0, limit), OrderCursor.of(rows.get(limit - 1).order()))
                : new OrderPage(rows, null);
    }

    private static PagosException notFound(UUID orderId) {
        return new PagosException(ErrorCode.ORDER_NOT_FOUND, "No order " + orderId + " for this user");
    }

    /** What the buyer owns now, newest first. */
    public List<OwnedProduct> ownedProducts(String userId) {
        // One statement: the acquisitions with their products.
        return Transactions.autocommit(() -> OrderStore.owned(userId));
    }

    /** An order with its product; the product is null for a plan/assistants/add-ons order. */
    public record PlacedOrder(Order order, Product product) {

        /** What the buyer sees the order called. */
        public String displayName() {
            return product != null ? product.name : order.title;
        }
    }

    /** A page of orders and where the next one starts (null on the last page). */
    public record OrderPage(List<PlacedOrder> orders, OrderCursor next) {
    }

    /**
     * The position after an order in the newest-first listing, handed to clients as an opaque token (base64url of
     * "createdAt|orderId") so the listing's order can change without breaking their links.
     */
    public record OrderCursor(Instant createdAt, UUID orderId) {

        static OrderCursor of(Order order) {
            return new OrderCursor(order.createdAt, order.id);
        }

        public String token() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((createdAt + "|" + orderId).getBytes(StandardCharsets.UTF_8));
        }

        /** @throws PagosException INVALID_REQUEST when the token is not one we handed out */
        public static OrderCursor parse(String token) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|", -1);
                if (parts.length != 2) {
                    throw new IllegalArgumentException("two parts expected");
                }
                return new OrderCursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw new PagosException(ErrorCode.INVALID_REQUEST, "cursor is not one this API handed out");
            }
        }
    }

    public record OwnedProduct(Acquisition acquisition, Product product) {
    }
}
