package dev.pagos.order;

import dev.pagos.catalog.CatalogStore;
import dev.pagos.catalog.Product;
import dev.pagos.order.OrderService.OrderCursor;
import dev.pagos.order.OrderService.OwnedProduct;
import dev.pagos.order.OrderService.PlacedOrder;
import dev.pagos.persistence.Sql;
import dev.pagos.pricing.BillingPeriod;
import dev.pagos.pricing.ExchangeRate;
import dev.pagos.pricing.ItemKind;
import dev.pagos.provider.ProviderName;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * The order tables (orders, order_transitions, order_lines, acquisitions, entitlements): their SQL and how their
 * rows read. Every statement runs in the caller's unit of work ({@link Sql}).
 * <p>
 * An order carries a version: every UPDATE of an order row adds one to it, and an update made from a copy that
 * is no longer the latest changes nothing and fails (an optimistic lock). Row locks are
 * {@code FOR NO KEY UPDATE}: inserts that reference the order (its trail,
 * its acquisition) are not blocked by them.
 * <p>
 * Public only for the tests, which read orders back with {@link #SELECT_ORDER} and {@link #order(Row)}.
 */
public final class OrderStore {

    private static final List<String> ORDER_COLUMNS = List.of("id", "user_id", "product_id", "provider", "status",
            "amount_minor", "currency", "provider_order_id", "approve_url", "provider_data", "title", "workspace_id",
            "billing_period", "exchange_rate", "exchange_rate_origin", "quote", "provider_capture_id", "failure_reason",
            "failure_kind", "created_at", "updated_at", "completed_at", "claimed_until", "last_checked_at", "version", "kind");
    /** The order columns of the orders table aliased {@code o}. */
    private static final String O_COLUMNS = ORDER_COLUMNS.stream().map(c -> "o." + c).collect(Collectors.joining(", "));
    private static final String RETURNING_ORDER = " RETURNING " + String.join(", ", ORDER_COLUMNS);
    /** A product joined as {@code p}, its columns prefixed so they do not clash with the order's. */

    /** Every column of the orders table, aliased {@code o}; add the WHERE clause. */
    public static final String SELECT_ORDER = "SELECT " + O_COLUMNS + " FROM orders o";
    private static final String SELECT_ORDER_WITH_PRODUCT = "SELECT " + O_COLUMNS + ", " + CatalogStore.PRODUCT_COLUMNS
            + " FROM orders o LEFT JOIN products p ON p.id = o.product_id";

    /** The columns an UPDATE of an order writes: all but the ones fixed at creation. */
    private static final String UPDATE_ORDER = """
            UPDATE orders SET status = $3, provider_order_id = $4, approve_url = $5, provider_data = $6,
                provider_capture_id = $7, failure_reason = $8, failure_kind = $9, updated_at = $10, completed_at = $11,
                claimed_until = $12, last_checked_at = $13, version = version + 1
            WHERE id = $1 AND version = $2""";

    private OrderStore() {
    }

    // Orders ------------------------------------------------------------------------------------------------------

    /** The order with this id; null when there is none. */
    static Uni<Order> order(UUID orderId) {
        return Sql.first(SELECT_ORDER + " WHERE o.id = $1", OrderStore::order, orderId);
    }

    /** The order with this id, its row locked until the transaction ends; null when there is none. */
    static Uni<Order> lock(UUID orderId) {
        return Sql.first(SELECT_ORDER + " WHERE o.id = $1 FOR NO KEY UPDATE", OrderStore::order, orderId);
    }

    /** The buyer's order with its product (null for a plan purchase); null when the buyer has no such order. */
    static Uni<PlacedOrder> buyersOrder(UUID orderId, String userId) {
        return Sql.first(SELECT_ORDER_WITH_PRODUCT + " WHERE o.id = $1 AND o.user_id = $2", OrderStore::placed,
                orderId, userId);
    }

    /** As {@link #buyersOrder}, with the order's row (only) locked until the transaction ends. */
    static Uni<PlacedOrder> lockBuyersOrder(UUID orderId, String userId) {
        return Sql.first(SELECT_ORDER_WITH_PRODUCT + " WHERE o.id = $1 AND o.user_id = $2 FOR NO KEY UPDATE OF o",
                OrderStore::placed, orderId, userId);
    }

    /** The order with its product, whoever placed it; null when there is none. */
    static Uni<PlacedOrder> placed(UUID orderId) {
        return Sql.first(SELECT_ORDER_WITH_PRODUCT + " WHERE o.id = $1", OrderStore::placed, orderId);
    }

    static Uni<Order> buyersOrder(UUID orderId, String userId, ProviderName provider) {
        return Sql.first(SELECT_ORDER + " WHERE o.id = $1 AND o.user_id = $2 AND o.provider = $3", OrderStore::order,
                orderId, userId, provider);
    }

    static Uni<Order> byProviderOrderId(ProviderName provider, String providerOrderId) {
        return Sql.first(SELECT_ORDER + " WHERE o.provider = $1 AND o.provider_order_id = $2", OrderStore::order,
                provider, providerOrderId);
    }

    /** What ordering a product needs to know: the product, whether the buyer owns it, their open order for it. */
    record Orderable(Product product, boolean owned, Order open) {
    }

    /** Null when there is no such product (active or not). */
    static Uni<Orderable> orderable(String userId, String productId, ProviderName provider) {
        return Sql.first("SELECT " + CatalogStore.PRODUCT_COLUMNS + ", EXISTS (SELECT 1 FROM acquisitions a WHERE a.user_id = $1"
                        + " AND a.product_id = p.id AND a.revoked_at IS NULL) AS owned, " + O_COLUMNS
                        + " FROM products p LEFT JOIN orders o ON o.user_id = $1 AND o.product_id = p.id"
                        + " AND o.provider = $3 AND o.status = $4 WHERE p.id = $2",
                row -> new Orderable(CatalogStore.joinedProduct(row), row.getBoolean("owned"), row.getUUID("id") == null ? null : order(row)),
                userId, productId, provider, OrderStatus.PENDING);
    }

    /**
     * One page of the buyer's orders with their products, newest first, keyset-paged on (created_at, id).
     *
     * @param statuses only orders in these statuses, or null for all
     * @param rows how many rows at most
     */
    static Uni<List<PlacedOrder>> recent(String userId, List<OrderStatus> statuses, OrderCursor after, int rows) {
        StringBuilder sql = new StringBuilder(SELECT_ORDER_WITH_PRODUCT).append(" WHERE o.user_id = $1");
        List<Object> params = new ArrayList<>(List.of(userId));
        if (statuses != null) {
            params.add(statuses.stream().map(Enum::name).toArray(String[]::new));
            sql.append(" AND o.status = ANY($").append(params.size()).append(")");
        }
        if (after != null) {
            params.add(after.createdAt());
            int at = params.size();
            params.add(after.orderId());
            sql.append(" AND (o.created_at < $").append(at).append(" OR (o.created_at = $").append(at)
                    .append(" AND o.id < $").append(params.size()).append("))");
        }
        params.add(rows);
        sql.append(" ORDER BY o.created_at DESC, o.id DESC LIMIT $").append(params.size());
        return Sql.list(sql.toString(), OrderStore::placed, params.toArray());
    }

    /** Inserts a new order (version 0) and the first line of its trail, in one statement. */
    static Uni<Order> insert(Order order, OrderTransition first) {
        order.version = 0;
        return Sql.first("""
                WITH inserted AS (
                    INSERT INTO orders (id, user_id, product_id, provider, status, amount_minor, currency,
                        provider_order_id, approve_url, provider_data, title, workspace_id, billing_period, exchange_rate,
                        exchange_rate_origin, quote, provider_capture_id, failure_reason, failure_kind, created_at,
                        updated_at, completed_at, claimed_until, last_checked_at, version, kind)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
                        $21, $22, $23, $24, 0, $30)
                    RETURNING id)
                INSERT INTO order_transitions (order_id, from_status, to_status, cause, detail, occurred_at)
                SELECT id, $25::varchar, $26::varchar, $27::varchar, $28::varchar, $29::timestamptz FROM inserted
                RETURNING id""",
                row -> row.getLong("id"),
                order.id, order.userId, order.productId, order.provider, order.status, order.amountMinor, order.currency,
                order.providerOrderId, order.approveUrl, order.providerData, order.title, order.workspaceId,
                order.billingPeriod, order.exchangeRate, order.exchangeRateOrigin, order.quote, order.providerCaptureId,
                order.failureReason, order.failureKind, order.createdAt, order.updatedAt, order.completedAt,
                order.claimedUntil, order.lastCheckedAt,
                first.fromStatus, first.toStatus, first.cause, first.detail, first.occurredAt, order.kind)
                .map(transitionId -> {
                    first.id = transitionId;
                    return order;
                });
    }

    /**
     * Writes the order's changeable fields, if the row is still at the order's version, and steps the version.
     *
     * @throws IllegalStateException (as the Uni's failure) when the row changed since the order was read
     */
    static Uni<Order> update(Order order) {
        return Sql.update(UPDATE_ORDER, order.id, order.version, order.status, order.providerOrderId, order.approveUrl,
                        order.providerData, order.providerCaptureId, order.failureReason, order.failureKind,
                        order.updatedAt, order.completedAt, order.claimedUntil, order.lastCheckedAt)
                .map(updated -> {
                    if (updated != 1) {
                        throw new IllegalStateException("Order " + order.id + " changed concurrently (version "
                                + order.version + " is no longer current)");
                    }
                    order.version++;
                    return order;
                });
    }

    /**
     * Stores the checkout the provider opened, unless the order got one meanwhile, and ends the claim: one statement,
     * which locks the row as it updates it.
     *
     * @param widgetParameters the provider's widget parameters, or null when it has none (then they stay as they are)
     */
    static Uni<Order> checkoutOpened(UUID orderId, String providerPaymentId, String link,
            Map<String, String> widgetParameters, Instant now) {
        return Sql.first("""
                UPDATE orders SET
                    provider_order_id = CASE WHEN approve_url IS NULL THEN coalesce(provider_order_id, $2)
                        ELSE provider_order_id END,
                    provider_data = CASE WHEN approve_url IS NULL AND $4::jsonb IS NOT NULL THEN $4::jsonb
                        ELSE provider_data END,
                    approve_url = coalesce(approve_url, $3),
                    claimed_until = NULL, updated_at = $5, version = version + 1
                WHERE id = $1""" + RETURNING_ORDER, OrderStore::order,
                orderId, providerPaymentId, link, widgetParameters, now);
    }

    /** Ends the order's claim, if it has one; the update locks the row as a locked read would. */
    static Uni<Integer> releaseClaim(UUID orderId) {
        return Sql.update("UPDATE orders SET claimed_until = NULL, version = version + 1"
                + " WHERE id = $1 AND claimed_until IS NOT NULL", orderId);
    }

    /**
     * Stamps up to {@code batch} unsettled orders not checked since {@code checkedBefore} and answers their ids;
     * rows another run holds are skipped. The stamp leaves the version as it is (only the reconciliation reads it).
     */
    static Uni<List<UUID>> claimDue(Instant now, Instant settledBy, Instant checkedBefore, int batch) {
        return Sql.list("""
                UPDATE orders SET last_checked_at = $1 WHERE id IN (
                    SELECT id FROM orders
                    WHERE status IN ('PENDING', 'APPROVED', 'CAPTURE_PENDING') AND updated_at < $2
                      AND (last_checked_at IS NULL OR last_checked_at < $3)
                    ORDER BY updated_at LIMIT $4
                    FOR UPDATE SKIP LOCKED)
                RETURNING id""", row -> row.getUUID("id"), now, settledBy, checkedBefore, batch);
    }

    // Trail, lines, ownership --------------------------------------------------------------------------------------

    static Uni<OrderTransition> insert(OrderTransition transition) {
        return Sql.first("INSERT INTO order_transitions (order_id, from_status, to_status, cause, detail, occurred_at)"
                        + " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id", row -> row.getLong("id"),
                transition.orderId, transition.fromStatus, transition.toStatus, transition.cause, transition.detail,
                transition.occurredAt)
                .map(id -> {
                    transition.id = id;
                    return transition;
                });
    }

    /** Inserts an order's lines, all in one statement. */
    static Uni<Void> insertLines(List<OrderLine> lines) {
        if (lines.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Sql.update("""
                INSERT INTO order_lines (id, order_id, position, kind, item_id, item_reference, name, quantity, free,
                    bot_flow_id, amount_minor, currency)
                SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::varchar[], $5::varchar[], $6::varchar[],
                    $7::varchar[], $8::int[], $9::boolean[], $10::varchar[], $11::bigint[], $12::varchar[])""",
                column(lines, l -> l.id, UUID[]::new), column(lines, l -> l.orderId, UUID[]::new),
                column(lines, l -> l.position, Integer[]::new), column(lines, l -> name(l.kind), String[]::new),
                column(lines, l -> l.itemId, String[]::new), column(lines, l -> l.itemReference, String[]::new),
                column(lines, l -> l.name, String[]::new), column(lines, l -> l.quantity, Integer[]::new),
                column(lines, l -> l.free, Boolean[]::new), column(lines, l -> l.botFlowId, String[]::new),
                column(lines, l -> l.amountMinor, Long[]::new), column(lines, l -> l.currency, String[]::new))
                .replaceWithVoid();
    }

    static Uni<List<OrderLine>> lines(UUID orderId) {
        return Sql.list("SELECT id, order_id, position, kind, item_id, item_reference, name, quantity, free, bot_flow_id,"
                + " amount_minor, currency FROM order_lines WHERE order_id = $1 ORDER BY position", OrderStore::line, orderId);
    }

    private static final String SELECT_ACQUISITION =
            "SELECT a.id, a.user_id, a.product_id, a.order_id, a.granted_at, a.revoked_at, a.revoke_reason FROM acquisitions a";

    static Uni<Acquisition> acquisitionOf(UUID orderId) {
        return Sql.first(SELECT_ACQUISITION + " WHERE a.order_id = $1", OrderStore::acquisition, orderId);
    }

    static Uni<Acquisition> insert(Acquisition acquisition) {
        return Sql.update("INSERT INTO acquisitions (id, user_id, product_id, order_id, granted_at, revoked_at,"
                        + " revoke_reason) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                acquisition.id, acquisition.userId, acquisition.productId, acquisition.orderId, acquisition.grantedAt,
                acquisition.revokedAt, acquisition.revokeReason).replaceWith(acquisition);
    }

    /** Revokes the order's acquisition, if it is still active (an order has at most one). */
    static Uni<Integer> revokeAcquisition(UUID orderId, Instant now, String reason) {
        return Sql.update("UPDATE acquisitions SET revoked_at = $1, revoke_reason = $2"
                + " WHERE order_id = $3 AND revoked_at IS NULL", now, reason, orderId);
    }

    /** The buyer's active acquisitions with their products, newest first. */
    static Uni<List<OwnedProduct>> owned(String userId) {
        return Sql.list("SELECT a.id, a.user_id, a.product_id, a.order_id, a.granted_at, a.revoked_at, a.revoke_reason, "
                        + CatalogStore.PRODUCT_COLUMNS + " FROM acquisitions a LEFT JOIN products p ON p.id = a.product_id"
                        + " WHERE a.user_id = $1 AND a.revoked_at IS NULL ORDER BY a.granted_at DESC",
                row -> new OwnedProduct(acquisition(row), CatalogStore.joinedProduct(row)), userId);
    }

    static Uni<Long> entitlementCount(UUID orderId) {
        return Sql.count("SELECT count(*) FROM entitlements WHERE order_id = $1", orderId);
    }

    /** Inserts entitlements, all in one statement. */
    static Uni<Void> insertEntitlements(List<Entitlement> entitlements) {
        if (entitlements.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Entitlement> e = entitlements;
        return Sql.update("""
                INSERT INTO entitlements (id, user_id, order_id, order_line_id, workspace_id, kind, item_reference,
                    quantity, bot_flow_id, months, granted_at, revoked_at, revoke_reason)
                SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::uuid[], $4::uuid[], $5::varchar[], $6::varchar[],
                    $7::varchar[], $8::int[], $9::varchar[], $10::int[], $11::timestamptz[], $12::timestamptz[],
                    $13::varchar[])""",
                column(e, x -> x.id, UUID[]::new), column(e, x -> x.userId, String[]::new),
                column(e, x -> x.orderId, UUID[]::new), column(e, x -> x.orderLineId, UUID[]::new),
                column(e, x -> x.workspaceId, String[]::new), column(e, x -> name(x.kind), String[]::new),
                column(e, x -> x.itemReference, String[]::new), column(e, x -> x.quantity, Integer[]::new),
                column(e, x -> x.botFlowId, String[]::new), column(e, x -> x.months, Integer[]::new),
                column(e, x -> utc(x.grantedAt), OffsetDateTime[]::new), column(e, x -> utc(x.revokedAt), OffsetDateTime[]::new),
                column(e, x -> x.revokeReason, String[]::new))
                .replaceWithVoid();
    }

    static Uni<Integer> revokeEntitlements(UUID orderId, Instant now, String reason) {
        return Sql.update("UPDATE entitlements SET revoked_at = $1, revoke_reason = $2"
                + " WHERE order_id = $3 AND revoked_at IS NULL", now, reason, orderId);
    }

    /** One column of many rows, as the array an {@code unnest($n::type[])} takes. */
    private static <T, V> V[] column(List<T> rows, Function<T, V> value, IntFunction<V[]> array) {
        V[] column = array.apply(rows.size());
        for (int i = 0; i < column.length; i++) {
            column[i] = value.apply(rows.get(i));
        }
        return column;
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    // Rows ----------------------------------------------------------------------------------------------------------

    /** An order from a row holding the orders columns (by their own names). */
    public static Order order(Row row) {
        Order order = new Order();
        order.id = row.getUUID("id");
        order.userId = row.getString("user_id");
        order.productId = row.getString("product_id");
        order.provider = ProviderName.stored(row.getString("provider"));
        order.status = Sql.enumValue(row, "status", OrderStatus.class);
        order.amountMinor = row.getLong("amount_minor");
        order.currency = row.getString("currency");
        order.providerOrderId = row.getString("provider_order_id");
        order.approveUrl = row.getString("approve_url");
        order.providerData = Sql.jsonStrings(row, "provider_data");
        order.title = row.getString("title");
        order.workspaceId = row.getString("workspace_id");
        order.billingPeriod = Sql.enumValue(row, "billing_period", BillingPeriod.class);
        order.exchangeRate = row.getBigDecimal("exchange_rate");
        order.exchangeRateOrigin = Sql.enumValue(row, "exchange_rate_origin", ExchangeRate.Origin.class);
        order.quote = Sql.json(row, "quote");
        order.providerCaptureId = row.getString("provider_capture_id");
        order.failureReason = row.getString("failure_reason");
        order.failureKind = Sql.enumValue(row, "failure_kind", FailureKind.class);
        order.createdAt = Sql.instant(row, "created_at");
        order.updatedAt = Sql.instant(row, "updated_at");
        order.completedAt = Sql.instant(row, "completed_at");
        order.claimedUntil = Sql.instant(row, "claimed_until");
        order.lastCheckedAt = Sql.instant(row, "last_checked_at");
        order.version = row.getLong("version");
        order.kind = OrderKind.stored(row.getString("kind"));
        return order;
    }

    /** A line of an order's trail from a row of order_transitions. */
    public static OrderTransition transition(Row row) {
        OrderTransition transition = new OrderTransition();
        transition.id = row.getLong("id");
        transition.orderId = row.getUUID("order_id");
        transition.fromStatus = Sql.enumValue(row, "from_status", OrderStatus.class);
        transition.toStatus = Sql.enumValue(row, "to_status", OrderStatus.class);
        transition.cause = row.getString("cause");
        transition.detail = row.getString("detail");
        transition.occurredAt = Sql.instant(row, "occurred_at");
        return transition;
    }

    private static PlacedOrder placed(Row row) {
        return new PlacedOrder(order(row), CatalogStore.joinedProduct(row));
    }

    private static OrderLine line(Row row) {
        OrderLine line = new OrderLine();
        line.id = row.getUUID("id");
        line.orderId = row.getUUID("order_id");
        line.position = row.getInteger("position");
        line.kind = Sql.enumValue(row, "kind", ItemKind.class);
        line.itemId = row.getString("item_id");
        line.itemReference = row.getString("item_reference");
        line.name = row.getString("name");
        line.quantity = row.getInteger("quantity");
        line.free = row.getBoolean("free");
        line.botFlowId = row.getString("bot_flow_id");
        line.amountMinor = row.getLong("amount_minor");
        line.currency = row.getString("currency");
        return line;
    }

    private static Acquisition acquisition(Row row) {
        Acquisition acquisition = new Acquisition();
        acquisition.id = row.getUUID("id");
        acquisition.userId = row.getString("user_id");
        acquisition.productId = row.getString("product_id");
        acquisition.orderId = row.getUUID("order_id");
        acquisition.grantedAt = Sql.instant(row, "granted_at");
        acquisition.revokedAt = Sql.instant(row, "revoked_at");
        acquisition.revokeReason = row.getString("revoke_reason");
        return acquisition;
    }
}
