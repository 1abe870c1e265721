package dev.pagos.support;

import static org.hamcrest.Matchers.equalTo;

import dev.pagos.order.Order;
import dev.pagos.order.OrderStatus;
import dev.pagos.order.OrderStore;
import dev.pagos.order.OrderTransition;
import dev.pagos.persistence.Sql;
import dev.pagos.persistence.Transactions;
import dev.pagos.webhook.InboxEvent;
import dev.pagos.webhook.WebhookStore;
import java.util.List;
import java.util.UUID;

/** Placing orders through the API, and reading back what the database says about them. */
public final class Orders {

    private Orders() {
    }

    public record Placed(UUID orderId, String paypalOrderId) {
    }

    public static Placed place(String buyer, String productId) {
        String id = Api.as(buyer).body("{\"productId\":\"" + productId + "\",\"provider\":\"paypal\"}")
                .post("/orders").then().statusCode(201).body("status", equalTo("PENDING"))
                .extract().path("orderId");
        UUID orderId = UUID.fromString(id);
        return new Placed(orderId, "PP" + orderId);
    }

    /** The buyer's one and only order (fails when there are none or several). */
    public static Order onlyOrderOf(String buyer) {
        List<Order> orders = ordersOf(buyer);
        if (orders.size() != 1) {
            throw new IllegalStateException(buyer + " has " + orders.size() + " orders, not one");
        }
        return orders.get(0);
    }

    public static List<Order> ordersOf(String buyer) {
        return Transactions.autocommit(() -> Sql.list(OrderStore.SELECT_ORDER + " WHERE o.user_id = $1",
                OrderStore::order, buyer));
    }

    /** The order as the database has it; null when there is none. */
    public static Order order(UUID orderId) {
        return Transactions.autocommit(() -> Sql.first(OrderStore.SELECT_ORDER + " WHERE o.id = $1", OrderStore::order,
                orderId));
    }

    /** How many orders the user has. */
    public static long countOf(String buyer) {
        return Transactions.autocommit(() -> Sql.count("SELECT count(*) FROM orders WHERE user_id = $1", buyer));
    }

    /** Makes the order look placed at {@code createdAt}. */
    public static void setCreatedAt(UUID orderId, java.time.Instant createdAt) {
        Transactions.autocommit(() -> Sql.update("UPDATE orders SET created_at = $1 WHERE id = $2", createdAt, orderId));
    }

    public static OrderStatus status(UUID orderId) {
        return order(orderId).status;
    }

    /** The order's trail, oldest first. */
    public static List<OrderTransition> transitions(UUID orderId) {
        return Transactions.autocommit(() -> Sql.list("SELECT * FROM order_transitions WHERE order_id = $1 ORDER BY id",
                OrderStore::transition, orderId));
    }

    public static List<String> trail(UUID orderId) {
        return transitions(orderId).stream().map(t -> t.fromStatus + "->" + t.toStatus).toList();
    }

    public static long activeAcquisitions(String buyer) {
        return Transactions.autocommit(() -> Sql.count(
                "SELECT count(*) FROM acquisitions WHERE user_id = $1 AND revoked_at IS NULL", buyer));
    }

    public static long acquisitionsOfOrder(UUID orderId) {
        return Transactions.autocommit(() -> Sql.count("SELECT count(*) FROM acquisitions WHERE order_id = $1", orderId));
    }

    /** The first inbox event with this id (of any provider); null when there is none. */
    public static InboxEvent inboxEvent(String eventId) {
        return Transactions.autocommit(() -> Sql.first(WebhookStore.SELECT_EVENT + " WHERE event_id = $1 LIMIT 1",
                WebhookStore::event, eventId));
    }

    /** Inbox events whose raw body mentions {@code text}. */
    public static long inboxSizeLike(String text) {
        return Transactions.autocommit(() -> Sql.count("SELECT count(*) FROM webhook_inbox WHERE payload LIKE $1",
                "%" + text + "%"));
    }

    public static long inboxSize() {
        return Transactions.autocommit(() -> Sql.count("SELECT count(*) FROM webhook_inbox"));
    }
}
