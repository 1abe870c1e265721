package dev.pagos.flow;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pagos.order.OrderStatus;
import dev.pagos.support.Api;
import dev.pagos.support.CaptureStubs;
import dev.pagos.support.Database;
import dev.pagos.support.Orders;
import dev.pagos.support.PaypalEvents;
import dev.pagos.support.PaypalFake;
import dev.pagos.support.PaypalOrders;
import dev.pagos.support.Purchases;
import dev.pagos.support.PushClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a page needs to never miss a status: finding the buyer's orders again after a reload (GET /me/orders),
 * and cancelling an unpaid one (POST /orders/{id}/cancel), which their other browsers hear of.
 */
@QuarkusTest
class BuyerOrdersTest {

    private String buyer;

    @BeforeEach
    void reset() {
        PaypalFake.resetStubs();
        buyer = "buyer-" + UUID.randomUUID();
    }

    private static List<String> ids(JsonPath page) {
        return page.getList("orders.orderId");
    }

    @Test
    void myOrdersListsTheBuyersOrdersNewestFirstWithTheCheckoutWhilePayable() {
        Orders.Placed first = Orders.place(buyer, "skyblock-odyssey");
        Orders.Placed second = Orders.place(buyer, "create-industrial");
        Orders.place("someone-else", "medieval-realms");

        JsonPath page = Api.as(buyer).get("/me/orders").then().statusCode(200)
                .body("nextCursor", nullValue())
                .body("orders[0].status", equalTo("PENDING"))
                .body("orders[0].displayStatus", equalTo("pending"))
                .body("orders[0].productName", equalTo("Create: Industrial Age"))
                .body("orders[0].amount", equalTo(899))
                .body("orders[0].currency", equalTo("USD"))
                .body("orders[0].approveUrl", notNullValue())
                .body("orders[0].qrCode", notNullValue())
                .extract().jsonPath();
        assertEquals(List.of(second.orderId().toString(), first.orderId().toString()), ids(page));
    }

    @Test
    void myOrdersNeedsAToken() {
        Api.anonymous().get("/me/orders").then().statusCode(401).body("error.code", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void pagesFollowAStableCursorEvenWhenNewOrdersArrive() {
        List<String> placed = new ArrayList<>();
        for (String product : List.of("skyblock-odyssey", "create-industrial", "medieval-realms")) {
            placed.add(0, Orders.place(buyer, product).orderId().toString());
        }
        // Orders placed within one clock tick must still page without loss or repeats.
        Database.execute("UPDATE orders SET created_at = now() WHERE user_id = ?", buyer);
        List<String> newestFirst = ids(Api.as(buyer).get("/me/orders").then().extract().jsonPath());

        JsonPath firstPage = Api.as(buyer).queryParam("limit", 2).get("/me/orders").then().statusCode(200)
                .body("limit", equalTo(2)).body("nextCursor", notNullValue()).extract().jsonPath();
        // A new order arrives between the pages (the buyer cancels one and orders it again): it is newer than the
        // cursor, so the next page neither repeats nor skips anything.
        Api.as(buyer).post("/orders/" + placed.get(2) + "/cancel").then().statusCode(200);
        Api.as(buyer).body("{\"productId\":\"skyblock-odyssey\"}").post("/orders").then().statusCode(201);
        JsonPath secondPage = Api.as(buyer).queryParam("limit", 2).queryParam("cursor", firstPage.getString("nextCursor"))
                .get("/me/orders").then().statusCode(200).body("nextCursor", nullValue()).extract().jsonPath();

        List<String> paged = new ArrayList<>(ids(firstPage));
        paged.addAll(ids(secondPage));
        assertEquals(newestFirst, paged);
        assertEquals(3, paged.size());
        assertEquals(new HashSet<>(placed), new HashSet<>(paged));
    }

    @Test
    void theLimitIsCappedAndBadParametersAreRefused() {
        Orders.place(buyer, "skyblock-odyssey");
        Api.as(buyer).queryParam("limit", 1000).get("/me/orders").then().statusCode(200).body("limit", equalTo(50));
        for (String limit : List.of("0", "-1", "ten", "")) {
            Api.as(buyer).queryParam("limit", limit).get("/me/orders").then().statusCode(400)
                    .body("error.code", equalTo("INVALID_REQUEST"));
        }
        for (String cursor : List.of("garbage", "bm90fGF8Y3Vyc29y", "MjAyNi0wMS0wMVQwMDowMDowMFp8bm90LWEtdXVpZA")) {
            Api.as(buyer).queryParam("cursor", cursor).get("/me/orders").then().statusCode(400)
                    .body("error.code", equalTo("INVALID_REQUEST"));
        }
        Api.as(buyer).queryParam("open", "maybe").get("/me/orders").then().statusCode(400)
                .body("error.code", equalTo("INVALID_REQUEST"));
    }

    @Test
    void openOnlyLeavesOutSettledOrders() {
        Purchases.Completed paid = Purchases.completeWithPaypal(buyer, "skyblock-odyssey", "12.99");
        Orders.Placed open = Orders.place(buyer, "create-industrial");

        Api.as(buyer).queryParam("open", "true").get("/me/orders").then().statusCode(200)
                .body("orders.size()", equalTo(1))
                .body("orders[0].orderId", equalTo(open.orderId().toString()));
        Api.as(buyer).get("/me/orders").then().statusCode(200)
                .body("orders.size()", equalTo(2))
                .body("orders[1].orderId", equalTo(paid.orderId().toString()))
                .body("orders[1].displayStatus", equalTo("completed"))
                // Nothing left to pay: no QR code.
                .body("orders[1].qrCode", nullValue());
    }

    @Test
    void theBuyerCancelsTheirPendingOrderAndEveryBrowserOfTheirsHearsIt() throws Exception {
        Orders.Placed order = Orders.place(buyer, "skyblock-odyssey");
        try (PushClient otherTab = PushClient.connect(buyer)) {
            Api.as(buyer).post("/orders/" + order.orderId() + "/cancel").then().statusCode(200)
                    .body("status", equalTo("FAILED"))
                    .body("displayStatus", equalTo("cancelled"))
                    .body("qrCode", nullValue());

            JsonNode pushed = otherTab.nextEvent("payment_failed", Duration.ofSeconds(10));
            assertNotNull(pushed);
            assertEquals(order.orderId().toString(), pushed.path("data").path("orderId").asText());
            assertEquals("cancelled", pushed.path("data").path("status").asText());
        }
        assertEquals(List.of("null->PENDING", "PENDING->FAILED"), Orders.trail(order.orderId()));
        assertEquals(1, Database.count("SELECT count(*) FROM order_transitions WHERE order_id = ? AND to_status = 'FAILED'"
                + " AND cause = 'buyer'", order.orderId()));
        // A retried cancel finds what it asked for.
        Api.as(buyer).post("/orders/" + order.orderId() + "/cancel").then().statusCode(200)
                .body("displayStatus", equalTo("cancelled"));
        // And the buyer may order the product again, with a new checkout.
        String again = Api.as(buyer).body("{\"productId\":\"skyblock-odyssey\"}").post("/orders").then().statusCode(201)
                .extract().path("orderId");
        assertNotNull(again);
        assertEquals(false, again.equals(order.orderId().toString()));
    }

    @Test
    void anotherBuyersOrderCannotBeCancelled() {
        Orders.Placed order = Orders.place(buyer, "skyblock-odyssey");
        Api.as("someone-else").post("/orders/" + order.orderId() + "/cancel").then().statusCode(404)
                .body("error.code", equalTo("ORDER_NOT_FOUND"));
        Api.anonymous().post("/orders/" + order.orderId() + "/cancel").then().statusCode(401);
        Api.as(buyer).post("/orders/not-a-uuid/cancel").then().statusCode(400).body("error.code", equalTo("INVALID_REQUEST"));
        Api.as(buyer).post("/orders/" + UUID.randomUUID() + "/cancel").then().statusCode(404);
        assertEquals(OrderStatus.PENDING, Orders.status(order.orderId()));
    }

    @Test
    void aPaidOrderCannotBeCancelled() {
        Purchases.Completed paid = Purchases.completeWithPaypal(buyer, "skyblock-odyssey", "12.99");
        Api.as(buyer).post("/orders/" + paid.orderId() + "/cancel").then().statusCode(409)
                .body("error.code", equalTo("ORDER_NOT_CANCELLABLE"));
        assertEquals(OrderStatus.COMPLETED, Orders.status(paid.orderId()));
        assertEquals(1, Orders.activeAcquisitions(buyer));
    }

    @Test
    void anApprovalArrivingAfterTheCancelCapturesNothing() {
        Orders.Placed order = Orders.place(buyer, "skyblock-odyssey");
        Api.as(buyer).post("/orders/" + order.orderId() + "/cancel").then().statusCode(200);
        PaypalOrders.approvedThenCapturedOnCapture(order.paypalOrderId(), order.orderId(), "12.99");

        PaypalEvents.deliver(PaypalEvents.orderApproved(PaypalEvents.newEventId(), order.paypalOrderId(), order.orderId(),
                "12.99")).then().statusCode(200);

        assertEquals(OrderStatus.FAILED, Orders.status(order.orderId()));
        assertEquals(0, PaypalFake.server().findAll(CaptureStubs.captureRequests(order.paypalOrderId())).size());
        assertEquals(0, Orders.activeAcquisitions(buyer));
        assertNull(Api.as(buyer).get("/orders/" + order.orderId()).then().extract().path("qrCode"));
    }
}
