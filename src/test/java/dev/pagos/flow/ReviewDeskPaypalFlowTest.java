package dev.pagos.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.pagos.order.OrderStatus;
import dev.pagos.support.Api;
import dev.pagos.support.CaptureStubs;
import dev.pagos.support.Database;
import dev.pagos.support.Orders;
import dev.pagos.support.PaypalEvents;
import dev.pagos.support.PaypalFake;
import dev.pagos.support.PaypalOrders;
import dev.pagos.support.PushClient;
import dev.pagos.support.ReviewDeskApi;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The review desk on PayPal orders, through the local gateway against PayPal's HTTP contract (WireMock): the desk's
 * list with trail and live provider view, refunds (once under double clicks and retries, with one PayPal-Request-Id),
 * accepting and rejecting a payment held for review, and replaying an abandoned event.
 */
@QuarkusTest
@QuarkusTestResource(PaypalFake.class)
class ReviewDeskPaypalFlowTest {

    private static final Duration PUSH_WAIT = Duration.ofSeconds(10);
    private final ExecutorService clicks = Executors.newFixedThreadPool(4);

    @BeforeEach
    void resetPaypal() {
        PaypalFake.resetStubs();
    }

    @AfterEach
    void stopClicks() {
        clicks.shutdownNow();
    }

    /** A PayPal order paid {@code capturedValue} for its 12.99: COMPLETED when equal, else held for review. */
    private static Orders.Placed paid(String buyer, String capturedValue) {
        Orders.Placed placed = Orders.place(buyer, "skyblock-odyssey");
        PaypalOrders.approvedThenCaptured(placed.paypalOrderId(), placed.orderId(), "12.99", "COMPLETED", capturedValue);
        PaypalEvents.deliver(PaypalEvents.orderApproved(PaypalEvents.newEventId(), placed.paypalOrderId(),
                placed.orderId(), "12.99")).then().statusCode(200);
        return placed;
    }

    private static String captureId(UUID orderId) {
        return "CAP-" + orderId.toString().substring(0, 8);
    }

    private static String refundPath(UUID orderId) {
        return "/v2/payments/captures/" + captureId(orderId) + "/refund";
    }

    /** PayPal refunds the capture (201 COMPLETED) and shows it REFUNDED from then on. */
    private static void refundCompletes(Orders.Placed placed, String value) {
        String scenario = "order-" + placed.paypalOrderId();
        PaypalFake.server().stubFor(post(urlEqualTo(refundPath(placed.orderId()))).inScenario(scenario)
                .willReturn(aResponse().withStatus(201).withHeader("content-type", "application/json")
                        .withBody("{\"id\":\"RF-" + placed.orderId().toString().substring(0, 8)
                                + "\",\"status\":\"COMPLETED\",\"amount\":{\"currency_code\":\"USD\",\"value\":\""
                                + value + "\"}}"))
                .willSetStateTo("refunded"));
        PaypalFake.server().stubFor(get(urlEqualTo(PaypalOrders.orderPath(placed.paypalOrderId()))).inScenario(scenario)
                .whenScenarioStateIs("refunded").willReturn(aResponse().withStatus(200)
                        .withHeader("content-type", "application/json")
                        .withBody(CaptureStubs.captureBody(placed.paypalOrderId(), placed.orderId(), "REFUNDED", value))));
    }

    @Test
    void refundOfACompletedOrderIsOneProviderCallUnderDoubleClicksRevokesAndTellsTheBuyer() throws Exception {
        String buyer = "desk-buyer-" + UUID.randomUUID();
        try (PushClient browser = PushClient.connect(buyer)) {
            Orders.Placed placed = paid(buyer, "12.99");
            assertEquals(OrderStatus.COMPLETED, Orders.status(placed.orderId()));
            assertEquals(1, Orders.activeAcquisitions(buyer));
            // PayPal is slow to answer the refund: both clicks arrive while the first one is waiting for it.
            refundCompletes(placed, "12.99");
            PaypalFake.server().stubFor(post(urlEqualTo(refundPath(placed.orderId())))
                    .inScenario("order-" + placed.paypalOrderId())
                    .willReturn(aResponse().withStatus(201).withFixedDelay(700)
                            .withHeader("content-type", "application/json")
                            .withBody("{\"id\":\"RF-1\",\"status\":\"COMPLETED\"}"))
                    .willSetStateTo("refunded"));

            String path = "/admin/orders/" + placed.orderId() + "/refund";
            Callable<Response> click = () -> ReviewDeskApi.act(path, ReviewDeskApi.reason("buyer asked", null));
            List<Future<Response>> both = List.of(clicks.submit(click), clicks.submit(click));
            int refunded = 0;
            for (Future<Response> answer : both) {
                Response response = answer.get();
                if (response.statusCode() == 200) {
                    assertEquals("refunded", response.jsonPath().getString("outcome"));
                    refunded++;
                } else {
                    assertEquals(409, response.statusCode(), response.asString());
                    assertEquals("REFUND_IN_PROGRESS", response.jsonPath().getString("error.code"));
                }
            }
            assertTrue(refunded >= 1, "one click refunded");
            // A retry after both: answered from the order as it is, no call to PayPal.
            ReviewDeskApi.act(path, ReviewDeskApi.reason("retry", null)).then().statusCode(200)
                    .body("outcome", equalTo("refunded")).body("item", equalTo(null));

            PaypalFake.server().verify(1, postRequestedFor(urlEqualTo(refundPath(placed.orderId())))
                    .withHeader("PayPal-Request-Id", WireMock.equalTo("pagos-refund-" + placed.orderId())));
            assertEquals(OrderStatus.REFUNDED, Orders.status(placed.orderId()));
            assertEquals(0, Orders.activeAcquisitions(buyer), "the product is revoked");
            JsonNode pushed = browser.nextEvent("payment_refunded", PUSH_WAIT);
            assertNotNull(pushed, "payment_refunded pushed");
            assertEquals(placed.orderId().toString(), pushed.path("data").path("orderId").asText());
            Api.as(buyer).get("/me/orders").then().statusCode(200)
                    .body("orders.find { it.orderId == '" + placed.orderId() + "' }.status", equalTo("REFUNDED"));
            assertTrue(Orders.transitions(placed.orderId()).stream().anyMatch(line -> line.toStatus == OrderStatus.REFUNDED
                    && line.cause.equals("refund:" + ReviewDeskApi.ADMIN)), Orders.trail(placed.orderId()).toString());
            assertTrue(ReviewDeskApi.auditRows("order", placed.orderId().toString(), "refund") >= 2,
                    "every click is audited with the admin, time and reason");
        }
    }

    @Test
    void aRefundRetriedAfterPaypalFailedIsTheSameRequestToPaypal() {
        Orders.Placed placed = paid("desk-buyer-" + UUID.randomUUID(), "12.99");
        refundCompletes(placed, "12.99");
        String scenario = "refund-retry-" + placed.orderId();
        PaypalFake.server().stubFor(post(urlEqualTo(refundPath(placed.orderId()))).inScenario(scenario)
                .whenScenarioStateIs(STARTED).willReturn(CaptureStubs.serverError()).willSetStateTo("failed once"));

        ReviewDeskApi.act("/admin/orders/" + placed.orderId() + "/refund", ReviewDeskApi.reason("duplicate", null))
                .then().statusCode(200).body("outcome", equalTo("refunded"));

        PaypalFake.server().verify(2, postRequestedFor(urlEqualTo(refundPath(placed.orderId()))));
        PaypalFake.server().verify(2, postRequestedFor(urlEqualTo(refundPath(placed.orderId())))
                .withHeader("PayPal-Request-Id", WireMock.equalTo("pagos-refund-" + placed.orderId())));
        assertEquals(OrderStatus.REFUNDED, Orders.status(placed.orderId()));
    }

    @Test
    void aHeldOrderIsOnTheDeskWithItsTrailAndPaypalsViewThenRefunded() {
        Orders.Placed placed = paid("desk-buyer-" + UUID.randomUUID(), "9.99");
        assertEquals(OrderStatus.NEEDS_REVIEW, Orders.status(placed.orderId()));

        Map<String, Object> item = ReviewDeskApi.item("order:" + placed.orderId());
        assertNotNull(item, "the held order is on the desk");
        assertEquals("order_needs_review", item.get("kind"));
        assertEquals("paypal", item.get("provider"));
        assertEquals(Map.of("minor", 1299, "currency", "USD", "display", "USD 12.99"), item.get("amount"));
        assertTrue(((String) item.get("reason")).contains("differs"), item.toString());
        Map<?, ?> view = (Map<?, ?>) item.get("provider_view");
        assertEquals("CAPTURED (capture COMPLETED) USD 9.99", view.get("status"));
        assertNull(view.get("error"));
        List<?> audit = (List<?>) item.get("audit");
        assertTrue(audit.stream().anyMatch(line -> String.valueOf(((Map<?, ?>) line).get("action")).contains("NEEDS_REVIEW")),
                audit.toString());
        List<?> actions = ((List<?>) item.get("actions")).stream().map(a -> ((Map<?, ?>) a).get("action")).toList();
        assertEquals(List.of("accept", "reject", "refund"), actions);

        refundCompletes(placed, "9.99");
        ReviewDeskApi.act("/admin/orders/" + placed.orderId() + "/refund", ReviewDeskApi.reason("wrong amount", null))
                .then().statusCode(200).body("outcome", equalTo("refunded")).body("item", equalTo(null));
        assertEquals(OrderStatus.REFUNDED, Orders.status(placed.orderId()));
        assertNull(ReviewDeskApi.item("order:" + placed.orderId()), "a refunded order leaves the desk");
    }

    @Test
    void aHangingPaypalDoesNotHangTheDesk() {
        Orders.Placed placed = paid("desk-buyer-" + UUID.randomUUID(), "9.99");
        PaypalFake.server().stubFor(get(urlEqualTo(PaypalOrders.orderPath(placed.paypalOrderId())))
                .willReturn(aResponse().withStatus(200).withFixedDelay(6_000)
                        .withHeader("content-type", "application/json").withBody("{}")));

        long started = System.nanoTime();
        Map<String, Object> item = ReviewDeskApi.item("order:" + placed.orderId());
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertNotNull(item);
        Map<?, ?> view = (Map<?, ?>) item.get("provider_view");
        assertNull(view.get("status"));
        assertTrue(String.valueOf(view.get("error")).startsWith("no answer within"), view.toString());
        // The read is bounded by the desk's timeout (1 s in tests), far from PayPal's 6 s.
        assertTrue(tookMs < 5_000, "the desk answered in " + tookMs + " ms");
    }

    @Test
    void acceptGrantsOnceWhenPaypalBearsThePaymentOutAndIsRefusedWhenItDoesNot() {
        String buyer = "desk-buyer-" + UUID.randomUUID();
        Orders.Placed placed = paid(buyer, "9.99");
        String path = "/admin/orders/" + placed.orderId() + "/accept";

        // PayPal still shows 9.99 for a 12.99 order: refused, nothing granted.
        ReviewDeskApi.act(path, ReviewDeskApi.reason("looks fine", null)).then().statusCode(409)
                .body("error.code", equalTo("PROVIDER_RECORD_DISAGREES"));
        assertEquals(OrderStatus.NEEDS_REVIEW, Orders.status(placed.orderId()));
        assertEquals(0, Orders.activeAcquisitions(buyer));

        // The buyer paid the difference and PayPal's record now shows the order's amount.
        PaypalOrders.captured(placed.paypalOrderId(), placed.orderId(), "COMPLETED", "12.99");
        ReviewDeskApi.act(path, ReviewDeskApi.reason("difference paid", null)).then().statusCode(200)
                .body("outcome", equalTo("accepted")).body("item", equalTo(null));
        ReviewDeskApi.act(path, ReviewDeskApi.reason("double click", null)).then().statusCode(200)
                .body("outcome", equalTo("accepted"));
        assertEquals(OrderStatus.COMPLETED, Orders.status(placed.orderId()));
        assertEquals(1, Orders.activeAcquisitions(buyer), "granted once");
        assertEquals(1, Orders.acquisitionsOfOrder(placed.orderId()));
        assertEquals(3, ReviewDeskApi.auditRows("order", placed.orderId().toString(), "accept"));
    }

    @Test
    void rejectGrantsNothingAndLeavesTheRefundOffered() {
        String buyer = "desk-buyer-" + UUID.randomUUID();
        Orders.Placed placed = paid(buyer, "9.99");
        ReviewDeskApi.act("/admin/orders/" + placed.orderId() + "/reject", ReviewDeskApi.reason("not ours", null))
                .then().statusCode(200).body("outcome", equalTo("rejected"))
                .body("item.actions.action", equalTo(List.of("accept", "refund")))
                .body("item.audit.find { it.actor == '" + ReviewDeskApi.ADMIN + "' }.reason", equalTo("not ours"));
        assertEquals(OrderStatus.NEEDS_REVIEW, Orders.status(placed.orderId()));
        assertEquals(0, Orders.activeAcquisitions(buyer));
        assertEquals(1, ReviewDeskApi.auditRows("order", placed.orderId().toString(), "reject"));

        // A completed order is not under review: nothing to reject.
        Orders.Placed completed = paid(buyer + "-2", "12.99");
        ReviewDeskApi.act("/admin/orders/" + completed.orderId() + "/reject", ReviewDeskApi.reason("x", null))
                .then().statusCode(409).body("error.code", equalTo("REVIEW_NOT_OPEN"));
    }

    @Test
    void anAbandonedEventIsReplayedOnceThroughTheNormalPipeline() {
        String buyer = "desk-buyer-" + UUID.randomUUID();
        Orders.Placed placed = Orders.place(buyer, "skyblock-odyssey");
        PaypalOrders.approvedThenCapturedOnCapture(placed.paypalOrderId(), placed.orderId(), "12.99");
        // An approval event that failed until the inbox gave up on it.
        String eventId = PaypalEvents.newEventId();
        byte[] body = PaypalEvents.orderApproved(eventId, placed.paypalOrderId(), placed.orderId(), "12.99");
        Database.execute("INSERT INTO webhook_inbox (provider, event_id, event_type, payload, received_at, attempts,"
                + " processed_at, outcome) VALUES ('paypal', ?, 'CHECKOUT.ORDER.APPROVED', ?, now(), 5, now(),"
                + " 'abandoned after 5 attempts: IllegalStateException')", eventId, new String(body,
                java.nio.charset.StandardCharsets.UTF_8));
        long inboxId = Database.count("SELECT id FROM webhook_inbox WHERE event_id = ?", eventId);

        Map<String, Object> item = ReviewDeskApi.item("webhook_event:" + inboxId);
        assertNotNull(item, "the abandoned event is on the desk");
        assertEquals("event_abandoned", item.get("kind"));
        assertEquals(List.of("replay"), ((List<?>) item.get("actions")).stream().map(a -> ((Map<?, ?>) a).get("action"))
                .toList());

        String path = "/admin/webhook-events/" + inboxId + "/replay";
        ReviewDeskApi.act(path, ReviewDeskApi.reason("PayPal bug fixed", null)).then().statusCode(200)
                .body("outcome", equalTo("replayed")).body("item", equalTo(null));
        ReviewDeskApi.act(path, ReviewDeskApi.reason("double click", null)).then().statusCode(409)
                .body("error.code", equalTo("REVIEW_NOT_OPEN"));

        assertEquals(OrderStatus.COMPLETED, Orders.status(placed.orderId()));
        assertEquals(1, Orders.activeAcquisitions(buyer));
        PaypalFake.server().verify(1, CaptureStubs.captureRequests(placed.paypalOrderId()));
        assertEquals(2, ReviewDeskApi.auditRows("webhook_event", Long.toString(inboxId), "replay"));
        ReviewDeskApi.act("/admin/webhook-events/99999999999/replay", ReviewDeskApi.reason("x", null)).then()
                .statusCode(404).body("error.code", equalTo("NOT_FOUND"));
    }

    @Test
    void aReasonIsRequiredAndNothingChangesWithoutOne() {
        Orders.Placed placed = paid("desk-buyer-" + UUID.randomUUID(), "12.99");
        String path = "/admin/orders/" + placed.orderId() + "/refund";
        for (String body : List.of("{}", "{\"reason\":\"\"}", "{\"reason\":\"   \"}",
                "{\"reason\":\"" + "x".repeat(501) + "\"}")) {
            ReviewDeskApi.act(path, body).then().statusCode(400).body("error.code", equalTo("INVALID_REQUEST"));
        }
        assertEquals(OrderStatus.COMPLETED, Orders.status(placed.orderId()));
        PaypalFake.server().verify(0, postRequestedFor(urlEqualTo(refundPath(placed.orderId()))));
        assertEquals(0, ReviewDeskApi.auditRows("order", placed.orderId().toString(), "refund"));
    }
}
