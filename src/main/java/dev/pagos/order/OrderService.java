package dev.pagos.order;

import dev.pagos.catalog.CatalogService;
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
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Placing one-time orders and reading them back for their buyer. */
@ApplicationScoped
public class OrderService {

    private static final Logger LOG = Logger.getLogger(OrderService.class);
    static final String CAUSE_BUYER = "buyer";
    /** Orders whose outcome is not known yet: a page waiting on one of these still has something to show. */
    private static final List<OrderStatus> OPEN = List.of(OrderStatus.PENDING, OrderStatus.APPROVED, OrderStatus.CAPTURE_PENDING);

    private final CatalogService catalog;
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

    OrderService(CatalogService catalog, PurchaseCatalog purchaseCatalog, ExchangeRates exchangeRates, OrderClaims claims,
            PaymentProviders providers, OrderTransitions transitions, OrderNotifier notifier, Clock clock,
            @ConfigProperty(name = "pagos.checkout.open-wait", defaultValue = "PT10S") Duration checkoutWait,
            @ConfigProperty(name = "pagos.checkout.return-url") String returnUrl,
            @ConfigProperty(name = "pagos.checkout.cancel-url") String cancelUrl,
            @ConfigProperty(name = "pagos.checkout.lifetime") Duration checkoutLifetime) {
        this.catalog = catalog;
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
    }

    /**
     * Opens (or re-opens) the buyer's checkout for a product. A buyer who already has an open order for the
     * same product and provider gets that order back, so a double click never opens two checkouts; if its
     * checkout could not be opened before, it is tried again with the same idempotency key.
     */
    public PlacedOrder placeOrder(String userId, String productId, String providerName) {
        ProviderName provider = providers.named(providerName);
        return openCheckout(findOrCreateOpenOrder(userId, productId, provider));
    }

    /**
     * Places an order for a plan, AI assistants and add-ons: the selection is checked against the catalogue and
     * priced (in COP at the current rate) before anything is written; the order, its lines and the breakdown are
     * stored together; then the checkout is opened. A retry is made safe by the Idempotency-Key header.
     */
    public PlacedOrder placePurchase(String userId, PurchaseSelection selection, String workspaceId, String providerName) {
        ProviderName provider = providers.named(providerName);
        PurchaseCatalog.Purchase purchase = purchaseCatalog.resolve(selection);
        Quote quote = Pricing.quote(purchase.items(), purchase.period(), exchangeRates.copPerUsd());
        requireCurrency(provider, quote.totalCop().currency());
        Order order = Transactions.inTransaction(() -> {
            Order created = newPurchaseOrder(userId, provider, purchase, quote, workspaceId);
            return transitions.create(created, "buyer").flatMap(saved -> persistLines(saved, quote));
        });
        return openCheckout(new PlacedOrder(order, null));
    }

    private void requireCurrency(ProviderName provider, String currency) {
        if (!providers.checkout(provider).accepts(currency)) {
            throw new PagosException(ErrorCode.UNSUPPORTED_PROVIDER, provider + " cannot charge " + currency);
        }
    }

    private Uni<Order> persistLines(Order order, Quote quote) {
        Uni<Void> all = Uni.createFrom().voidItem();
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
            all = all.flatMap(ignored -> row.persist().replaceWithVoid());
        }
        return all.replaceWith(order);
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
            Transactions.inTransaction(() -> transitions.lock(order.id).invoke(o -> o.claimedUntil = null)
                    .flatMap(o -> transitions.move(o, OrderStatus.FAILED, "checkout-create",
                            "rejected by " + provider.provider() + ": " + e.providerCode())));
            throw new PagosException(ErrorCode.PROVIDER_REJECTED, "The payment provider refused to open the checkout ("
                    + e.providerCode() + ")", e);
        } catch (RuntimeException e) {
            claims.release(order.id);
            throw e;
        }
        Order opened = Transactions.inTransaction(() -> transitions.lock(order.id).invoke(o -> {
            if (o.approveUrl == null) {
                if (o.providerOrderId == null) {
                    o.providerOrderId = checkout.providerPaymentId();
                }
                o.approveUrl = checkout.link();
                if (checkout instanceof Checkout.Widget widget) {
                    o.providerData = widget.parameters();
                }
            }
            o.claimedUntil = null;
            o.updatedAt = clock.instant();
        }));
        return new PlacedOrder(opened, placed.product());
    }

    /** Polls, briefly and boundedly, for the checkout a concurrent request is opening. */
    private Order checkoutOpenedByAnother(UUID orderId) {
        long deadline = System.nanoTime() + checkoutWait.toNanos();
        while (true) {
            Order order = Transactions.inTransaction(() -> Order.<Order>findById(orderId));
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

    private Uni<PlacedOrder> openOrCreate(String userId, String productId, ProviderName provider) {
        return catalog.requireOrderable(productId).invoke(product -> requireCurrency(provider, product.currency))
                .flatMap(product -> Acquisition
                .count("userId = ?1 and productId = ?2 and revokedAt is null", userId, productId)
                .flatMap(owned -> {
                    if (owned > 0) {
                        return Uni.createFrom().failure(new PagosException(ErrorCode.ALREADY_OWNED,
                                "You already own '" + product.name + "'"));
                    }
                    return Order.<Order>find("userId = ?1 and productId = ?2 and provider = ?3 and status = ?4",
                            userId, productId, provider, OrderStatus.PENDING).firstResult()
                            .flatMap(open -> open == null || isStale(open)
                                    ? expire(open).flatMap(expired -> transitions.create(newOrder(userId, product, provider), CAUSE_BUYER))
                                    : Uni.createFrom().item(open))
                            .map(order -> new PlacedOrder(order, product));
                }));
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
        // Flushed before the new order is inserted: only one PENDING order per buyer and product may exist.
        return transitions.fail(stale, FailureKind.EXPIRED, "expired", "not paid within " + checkoutLifetime)
                .flatMap(change -> Panache.flush());
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
        return Transactions.inTransaction(() -> Order.<Order>find("id = ?1 and userId = ?2", orderId, userId)
                .firstResult()
                .onItem().ifNull().failWith(() -> notFound(orderId))
                .flatMap(order -> order.productId == null ? Uni.createFrom().item(new PlacedOrder(order, null))
                        : catalog.product(order.productId).map(product -> new PlacedOrder(order, product))));
    }

    /**
     * The buyer gives up an order they have not paid. Only a PENDING order can be cancelled: once the buyer approved,
     * the money is on its way and only a refund undoes it. Cancelling an order already cancelled answers it again,
     * so a retried request is harmless. The buyer's other browsers hear of it like any other change.
     */
    public PlacedOrder cancel(String userId, UUID orderId) {
        OrderTransitions.Change change = Transactions.inTransaction(() -> Order.<Order>find("id = ?1 and userId = ?2",
                        orderId, userId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                .onItem().ifNull().failWith(() -> notFound(orderId))
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
        Order cancelled = change.order();
        // A plan purchase (Wompi) names no product.
        return new PlacedOrder(cancelled, cancelled.productId == null ? null
                : Transactions.inTransaction(() -> catalog.product(cancelled.productId)));
    }

    /**
     * One page of the buyer's orders, newest first, for a page that must find its way back to an interrupted
     * checkout. Keyset-paged on (createdAt, id), so an order placed while paging shifts nothing.
     *
     * @param after the last order of the previous page, or null for the first page
     * @param openOnly only orders still waiting for the buyer or the provider (PENDING, APPROVED, CAPTURE_PENDING)
     */
    public OrderPage recentOrders(String userId, OrderCursor after, int limit, boolean openOnly) {
        StringBuilder query = new StringBuilder("userId = :user");
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("user", userId);
        if (openOnly) {
            query.append(" and status in :open");
            parameters.put("open", OPEN);
        }
        if (after != null) {
            query.append(" and (createdAt < :at or (createdAt = :at and id < :id))");
            parameters.put("at", after.createdAt());
            parameters.put("id", after.orderId());
        }
        return Transactions.inTransaction(() -> Order.<Order>find(query.toString(),
                        Sort.descending("createdAt", "id"), parameters).range(0, limit).list()
                .flatMap(rows -> withProducts(rows.size() > limit ? rows.subList(0, limit) : rows)
                        .map(placed -> new OrderPage(placed, rows.size() > limit
                                ? OrderCursor.of(rows.get(limit - 1)) : null))));
    }

    private Uni<List<PlacedOrder>> withProducts(List<Order> orders) {
        if (orders.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<String> productIds = orders.stream().map(o -> o.productId).filter(java.util.Objects::nonNull).distinct().toList();
        Uni<List<Product>> products = productIds.isEmpty() ? Uni.createFrom().item(List.of())
                : catalog.products(productIds);
        return products.map(found -> {
                    Map<String, Product> byId = found.stream().collect(Collectors.toMap(p -> p.id, Function.identity()));
                    return orders.stream().map(o -> new PlacedOrder(o, o.productId == null ? null : byId.get(o.productId))).toList();
                });
    }

    private static PagosException notFound(UUID orderId) {
        return new PagosException(ErrorCode.ORDER_NOT_FOUND, "No order " + orderId + " for this user");
    }

    /** What the buyer owns now, newest first. */
    public List<OwnedProduct> ownedProducts(String userId) {
        return Transactions.inTransaction(() -> Acquisition.<Acquisition>list(
                "userId = ?1 and revokedAt is null order by grantedAt desc", userId)
                .flatMap(acquisitions -> acquisitions.isEmpty() ? Uni.createFrom().item(List.<OwnedProduct>of())
                        : catalog.products(acquisitions.stream().map(a -> a.productId).toList())
                        .map(products -> {
                            Map<String, Product> byId = products.stream()
                                    .collect(Collectors.toMap(p -> p.id, Function.identity()));
                            return acquisitions.stream()
                                    .map(a -> new OwnedProduct(a, byId.get(a.productId)))
                                    .toList();
                        })));
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
