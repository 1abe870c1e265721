package dev.pagos.support;

import static org.hamcrest.Matchers.equalTo;

import dev.pagos.order.Acquisition;
import dev.pagos.order.Order;
import dev.pagos.order.OrderStatus;
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
        return Transactions.inTransaction(() -> Order.<Order>find("userId", buyer).singleResult());
    }

    public static OrderStatus status(UUID orderId) {
        return Transactions.inTransaction(() -> Order.<Order>findById(orderId)).status;
    }

    public static List<String> trail(UUID orderId) {
        return Transactions.inTransaction(() -> OrderTransition.<OrderTransition>list("orderId = ?1 order by id", orderId))
                .stream().map(t -> t.fromStatus + "->" + t.toStatus).toList();
    }

    public static long activeAcquisitions(String buyer) {
        return Transactions.inTransaction(() -> Acquisition.count("userId = ?1 and revokedAt is null", buyer));
    }

    public static long acquisitionsOfOrder(UUID orderId) {
        return Transactions.inTransaction(() -> Acquisition.count("orderId", orderId));
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
