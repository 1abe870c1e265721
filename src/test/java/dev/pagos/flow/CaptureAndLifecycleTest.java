package dev.pagos.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.pagos.order.OrderStatus;
import dev.pagos.support.Api;
import dev.pagos.support.CaptureStubs;
import dev.pagos.support.Orders;
import dev.pagos.support.PaypalEvents;
import dev.pagos.support.PaypalFake;
import dev.pagos.support.PaypalOrders;
import dev.pagos.support.PushClient;
import dev.pagos.webhook.InboxEvent;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Captures that fail, repeat, race, hold or get refunded: nothing is lost, nothing happens twice. */
@QuarkusTest
class CaptureAndLifecycleTest {

    private static final Duration PUSH_WAIT = Duration.ofSeconds(10);
    private String buyer;
    private Orders.Placed order;

    @BeforeEach
    void placeOrder() {
        PaypalFake.resetStubs();
        buyer = "buyer-" + UUID.randomUUID();
        order = Orders.place(buyer, "create-industrial");
        // The buyer approved: PayPal's record of the order says so, which is what Pagos checks before capturing.
        PaypalOrders.stubOrder(order.paypalOrderId(), PaypalOrders.approvedBody(order.paypalOrderId(), order.orderId(), "8.99"));
    }

    private byte[] approvedEvent() {
        return PaypalEvents.orderApproved(PaypalEvents.newEventId(), order.paypalOrderId(), order.orderId(), "8.99");
    }

    private void stubCapture(String captureStatus) {
        PaypalOrders.approvedThenCaptured(order.paypalOrderId(), order.orderId(), "8.99", captureStatus, "8.99");
    }

    /** PayPal's record changes (a held capture settles, a refund is made) before it tells us with an event. */
    private void paypalNowSays(String captureStatus) {
        PaypalOrders.captured(order.paypalOrderId(), order.orderId(), captureStatus, "8.99");
    }

    private List<LoggedRequest> captureRequests() {
        return PaypalFake.server().findAll(CaptureStubs.captureRequests(order.paypalOrderId()));
    }

    private void assertAllCarryTheSameRequestId(List<LoggedRequest> requests) {
        assertTrue(requests.stream().allMatch(r -> ("pagos-capture-" + order.orderId()).equals(r.getHeader("PayPal-Request-Id"))),
                "every capture attempt carries the same PayPal-Request-Id");
    }

    @Test
    void duplicateWebhookChangesNothing() {
        stubCapture("COMPLETED");
        byte[] approved = approvedEvent();
        var headers = PaypalEvents.sign(approved);
        PaypalEvents.deliver(approved, headers).then().statusCode(200).body("result", equalTo("PROCESSED"));
        List<String> trail = Orders.trail(order.orderId());

        PaypalEvents.deliver(approved, headers).then().statusCode(200).body("result", equalTo("DUPLICATE"));
        // Re-signed (a new transmission of the same event) is still the same event.
        PaypalEvents.deliver(approved).then().statusCode(200).body("result", equalTo("DUPLICATE"));

        assertEquals(1, captureRequests().size());
        assertEquals(trail, Orders.trail(order.orderId()));
        assertEquals(1, Orders.acquisitionsOfOrder(order.orderId()));
    }

    @Test
    void captureRetriedAfterServerErrorWithTheSameRequestIdAndNoDoubleCapture() {
        PaypalFake.server().stubFor(CaptureStubs.captureEndpoint(order.paypalOrderId()).inScenario("flaky")
                .whenScenarioStateIs(STARTED).willReturn(CaptureStubs.serverError()).willSetStateTo("recovered"));
        PaypalFake.server().stubFor(CaptureStubs.captureEndpoint(order.paypalOrderId()).inScenario("flaky")
                .whenScenarioStateIs("recovered")
                .willReturn(CaptureStubs.captured(order.paypalOrderId(), order.orderId(), "COMPLETED", "8.99")));

        PaypalEvents.deliver(approvedEvent()).then().statusCode(200).body("result", equalTo("PROCESSED"));

        List<LoggedRequest> attempts = captureRequests();
        assertEquals(2, attempts.size());
        assertAllCarryTheSameRequestId(attempts);
        assertEquals(OrderStatus.COMPLETED, Orders.status(order.orderId()));
        assertEquals(1, Orders.acquisitionsOfOrder(order.orderId()));
    }

    @Test
    void captureLostInTransitIsRecoveredFromPaypalsRecordOfTheOrder() {
        // The first answer never arrives; PayPal captured anyway and says so on the retry.
        PaypalFake.server().stubFor(CaptureStubs.captureEndpoint(order.paypalOrderId()).inScenario("lost")
                .whenScenarioStateIs(STARTED).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
                .willSetStateTo("captured"));
        PaypalFake.server().stubFor(CaptureStubs.captureEndpoint(order.paypalOrderId()).inScenario("lost")
                .whenScenarioStateIs("captured").willReturn(aResponse().withStatus(422)
                        .withHeader("content-type", "application/json").withBody("""
                                {"name":"UNPROCESSABLE_ENTITY","message":"The requested action could not be performed.",
                                 "details":[{"issue":"ORDER_ALREADY_CAPTURED","description":"Order already captured."}]}""")));
        PaypalFake.server().stubFor(get(urlEqualTo("/v2/checkout/orders/" + order.paypalOrderId())).willReturn(
                aResponse().withStatus(200).withHeader("content-type", "application/json")
                        .withBody(CaptureStubs.captureBody(order.paypalOrderId(), order.orderId(), "COMPLETED", "8.99"))));

        PaypalEvents.deliver(approvedEvent()).then().statusCode(200);

        assertEquals(OrderStatus.COMPLETED, Orders.status(order.orderId()));
        assertEquals(1, Orders.acquisitionsOfOrder(order.orderId()));
    }

    @Test
    void paypalDownDuringCaptureLeavesOrderApprovedAndTheRedeliveryCompletesIt() {
        PaypalFake.server().stubFor(CaptureStubs.captureEndpoint(order.paypalOrderId())
                .willReturn(aResponse().withStatus(503).withBody("{\"name\":\"SERVICE_UNAVAILABLE\"}")));
        String eventId = PaypalEvents.newEventId();
        byte[] approved = PaypalEvents.orderApproved(eventId, order.paypalOrderId(), order.orderId(), "8.99");

        PaypalEvents.deliver(approved).then().statusCode(503).body("error.code", equalTo("PROVIDER_UNAVAILABLE"));

        assertEquals(3, captureRequests().size(), "three attempts, as configured");
        assertAllCarryTheSameRequestId(captureRequests());
        assertEquals(OrderStatus.APPROVED, Orders.status(order.orderId()));
        assertEquals(0, Orders.acquisitionsOfOrder(order.orderId()));
        InboxEvent recorded = Orders.inboxEvent(eventId);
        assertNull(recorded.processedAt, "not marked processed, so PayPal's redelivery is applied");
        assertTrue(recorded.outcome.contains("provider unavailable"));

        stubCapture("COMPLETED");
        PaypalEvents.deliver(approved).then().statusCode(200).body("result", equalTo("PROCESSED"));
        assertEquals(OrderStatus.COMPLETED, Orders.status(order.orderId()));
        assertEquals(2, Orders.inboxEvent(eventId).attempts);
        assertAllCarryTheSameRequestId(captureRequests());
        assertEquals(1, Orders.acquisitionsOfOrder(order.orderId()));
    }

    @Test
    void declinedCaptureFailsTheOrderAndTellsTheBuyer() throws Exception {
        stubCapture("DECLINED");
        try (PushClient browser = PushClient.connect(buyer)) {
            PaypalEvents.deliver(approvedEvent()).then().statusCode(200);
            assertNotNull(browser.nextEvent("payment_failed", PUSH_WAIT));
        }
        assertEquals(OrderStatus.FAILED, Orders.status(order.orderId()));
        assertEquals(0, Orders.activeAcquisitions(buyer));
        Api.as(buyer).get("/orders/" + order.orderId()).then().statusCode(200)
                .body("status", equalTo("FAILED")).body("displayStatus", equalTo("failed"));
    }

    @Test
    void instrumentDeclinedByPaypalFailsTheOrder() {
        PaypalFake.server().stubFor(CaptureStubs.captureEndpoint(order.paypalOrderId()).willReturn(aResponse().withStatus(422)
                .withHeader("content-type", "application/json").withBody("""
                        {"name":"UNPROCESSABLE_ENTITY","details":[{"issue":"INSTRUMENT_DECLINED",
                         "description":"The instrument presented was either declined by the processor or bank."}]}""")));
        PaypalEvents.deliver(approvedEvent()).then().statusCode(200);
        assertEquals(1, captureRequests().size(), "a refusal is not retried");
        assertEquals(OrderStatus.FAILED, Orders.status(order.orderId()));
        Api.as(buyer).get("/orders/" + order.orderId()).then()
                .body("failureReason", equalTo("capture rejected: INSTRUMENT_DECLINED"));
    }

    @Test
    void pendingCaptureCompletesOnItsLaterEventAndALateDenialCannotUndoIt() {
        stubCapture("PENDING");
        PaypalEvents.deliver(approvedEvent()).then().statusCode(200);
        assertEquals(OrderStatus.CAPTURE_PENDING, Orders.status(order.orderId()));
        assertEquals(0, Orders.acquisitionsOfOrder(order.orderId()));

        paypalNowSays("COMPLETED");
        PaypalEvents.deliver(PaypalEvents.capture("PAYMENT.CAPTURE.COMPLETED", PaypalEvents.newEventId(), "CAP-1",
                "COMPLETED", order.paypalOrderId(), order.orderId(), "8.99")).then().statusCode(200);
        assertEquals(OrderStatus.COMPLETED, Orders.status(order.orderId()));
        assertEquals(1, Orders.acquisitionsOfOrder(order.orderId()));

        PaypalEvents.deliver(PaypalEvents.capture("PAYMENT.CAPTURE.DENIED", PaypalEvents.newEventId(), "CAP-1",
                "DECLINED", order.paypalOrderId(), order.orderId(), "8.99")).then().statusCode(200);
        assertEquals(OrderStatus.COMPLETED, Orders.status(order.orderId()), "no move backwards");
        assertEquals(List.of("null->PENDING", "PENDING->APPROVED", "APPROVED->CAPTURE_PENDING",
                "CAPTURE_PENDING->COMPLETED"), Orders.trail(order.orderId()));
    }

    @Test
    void refundRevokesTheProductAndALateCompletionCannotRestoreIt() throws Exception {
        stubCapture("COMPLETED");
        PaypalEvents.deliver(approvedEvent()).then().statusCode(200);
        assertEquals(1, Orders.activeAcquisitions(buyer));

        paypalNowSays("REFUNDED");
        try (PushClient browser = PushClient.connect(buyer)) {
            PaypalEvents.deliver(PaypalEvents.capture("PAYMENT.CAPTURE.REFUNDED", PaypalEvents.newEventId(), "REF-1",
                    "COMPLETED", order.paypalOrderId(), order.orderId(), "8.99")).then().statusCode(200);
            assertNotNull(browser.nextEvent("payment_refunded", PUSH_WAIT));
        }
        assertEquals(OrderStatus.REFUNDED, Orders.status(order.orderId()));
        assertEquals(0, Orders.activeAcquisitions(buyer));
        Api.as(buyer).get("/me/products").then().statusCode(200).body("products", empty());

        PaypalEvents.deliver(PaypalEvents.capture("PAYMENT.CAPTURE.COMPLETED", PaypalEvents.newEventId(), "CAP-1",
                "COMPLETED", order.paypalOrderId(), order.orderId(), "8.99")).then().statusCode(200);
        assertEquals(OrderStatus.REFUNDED, Orders.status(order.orderId()));
        assertEquals(0, Orders.activeAcquisitions(buyer));
        // Refunded, the product can be bought again.
        Api.as(buyer).body("{\"productId\":\"create-industrial\"}").post("/orders").then().statusCode(201);
    }

    @Test
    void concurrentDeliveriesOfOneEventCaptureOnce() throws Exception {
        PaypalFake.server().stubFor(CaptureStubs.captureEndpoint(order.paypalOrderId())
                .willReturn(CaptureStubs.captured(order.paypalOrderId(), order.orderId(), "COMPLETED", "8.99")
                        .withFixedDelay(300)));
        byte[] approved = approvedEvent();
        Map<String, String> headers = PaypalEvents.sign(approved);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Integer>> deliveries = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                deliveries.add(() -> PaypalEvents.deliver(approved, headers).statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> result : pool.invokeAll(deliveries)) {
                statuses.add(result.get());
            }
            assertTrue(statuses.stream().allMatch(s -> s == 200 || s == 409), "only 200 or 409, got " + statuses);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, captureRequests().size());
        assertEquals(OrderStatus.COMPLETED, Orders.status(order.orderId()));
        assertEquals(1, Orders.acquisitionsOfOrder(order.orderId()));
        // The event is done; any later redelivery is a plain duplicate.
        PaypalEvents.deliver(approved, headers).then().statusCode(200).body("result", equalTo("DUPLICATE"));
    }

    @Test
    void approvalThatNamesAnotherPaypalOrderIsIgnored() {
        PaypalEvents.deliver(PaypalEvents.orderApproved(PaypalEvents.newEventId(), "PP-SOMEONE-ELSES", order.orderId(),
                "8.99")).then().statusCode(200);
        assertEquals(OrderStatus.PENDING, Orders.status(order.orderId()));
        assertEquals(0, captureRequests().size());
    }

    @Test
    void approvalArrivingBeforeTheCheckoutWasStoredAdoptsPaypalsOrderId() {
        String lateBuyer = "buyer-" + UUID.randomUUID();
        var outage = PaypalFake.server().stubFor(WireMock.post(WireMock.urlEqualTo("/v2/checkout/orders")).atPriority(1)
                .willReturn(aResponse().withStatus(503)));
        Api.as(lateBuyer).body("{\"productId\":\"create-industrial\"}").post("/orders").then().statusCode(503);
        PaypalFake.server().removeStub(outage);
        UUID orderId = Orders.onlyOrderOf(lateBuyer).id;
        PaypalOrders.approvedThenCapturedOnCapture("PP-APPROVED-EARLY", orderId, "8.99");

        PaypalEvents.deliver(PaypalEvents.orderApproved(PaypalEvents.newEventId(), "PP-APPROVED-EARLY", orderId, "8.99"))
                .then().statusCode(200);

        assertEquals(OrderStatus.COMPLETED, Orders.status(orderId));
        Api.as(lateBuyer).get("/orders/" + orderId).then().body("providerOrderId", equalTo("PP-APPROVED-EARLY"));
    }

    @Test
    void eventForAnOrderWeDoNotKnowIsAcknowledged() {
        UUID stranger = UUID.randomUUID();
        PaypalEvents.deliver(PaypalEvents.orderApproved(PaypalEvents.newEventId(), "PP-UNKNOWN", stranger, "1.00"))
                .then().statusCode(200).body("result", equalTo("PROCESSED"));
        PaypalFake.server().verify(0, WireMock.postRequestedFor(WireMock.urlEqualTo(CaptureStubs.capturePath("PP-UNKNOWN"))));
    }
}
