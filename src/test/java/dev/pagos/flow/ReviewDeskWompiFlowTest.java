package dev.pagos.flow;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pagos.exchange.ExchangeRates;
import dev.pagos.order.OrderStatus;
import dev.pagos.support.Api;
import dev.pagos.support.Database;
import dev.pagos.support.MutableClock;
import dev.pagos.support.Orders;
import dev.pagos.support.PushClient;
import dev.pagos.support.ReviewDeskApi;
import dev.pagos.support.Subscriptions;
import dev.pagos.support.Subscriptions.ChargeRow;
import dev.pagos.support.WompiFake;
import dev.pagos.support.WompiRecurringFake;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The review desk on Wompi: a one-time order refunded by hand with its reference (no refund API is attested for
 * Wompi), and subscription charges held for review, unresolved, or approved after their subscription ended.
 */
@QuarkusTest
@QuarkusTestResource(WompiFake.class)
class ReviewDeskWompiFlowTest {

    private static final Duration PUSH_WAIT = Duration.ofSeconds(10);
    private static final String PURCHASE = """
            {"provider":"wompi","plan":"business","freeAssistant":"ventas","paidAssistants":[2],
             "addons":[{"id":"bot","quantity":2,"botFlowId":"flow123"}],"period":"monthly","workspaceId":"ws-desk"}""";
    private static final long AMOUNT = 63_200_000;
    private static final MutableClock CLOCK = MutableClock.INSTANCE;

    @Inject
    ExchangeRates rates;

    @BeforeEach
    void freshRate() {
        CLOCK.reset();
        WompiFake.copPerUsdIs(4000, rates);
    }

    @AfterEach
    void realTime() {
        CLOCK.reset();
        WompiRecurringFake.nextChargesUnanswered(0, false);
    }

    private static long liveEntitlements(UUID orderId) {
        return Database.count("SELECT count(*) FROM entitlements WHERE order_id = ? AND revoked_at IS NULL", orderId);
    }

    @Test
    void aWompiOrderIsRefundedByHandWithItsReferenceRevokedAndTheBuyerTold() throws Exception {
        String buyer = "desk-wompi-buyer-" + UUID.randomUUID();
        try (PushClient browser = PushClient.connect(buyer)) {
            String orderId = Api.as(buyer).body(PURCHASE).post("/orders").then().statusCode(201).extract().path("orderId");
            String transactionId = WompiFake.newTransactionId();
            WompiFake.transaction(transactionId, "APPROVED", AMOUNT, "COP", orderId);
            WompiFake.deliver(WompiFake.event(transactionId, "APPROVED", AMOUNT, orderId, WompiFake.now()))
                    .then().statusCode(200);
            UUID id = UUID.fromString(orderId);
            assertEquals(OrderStatus.COMPLETED, Orders.status(id));
            assertEquals(4, liveEntitlements(id));
            String path = "/admin/orders/" + orderId + "/refund";

            // No refund API for Wompi: the refund is made by hand, and its reference is required to record it.
            ReviewDeskApi.act(path, ReviewDeskApi.reason("buyer asked", null)).then().statusCode(400)
                    .body("error.code", equalTo("INVALID_REQUEST"))
                    .body("error.message", startsWith("manual_reference is required"));
            assertEquals(OrderStatus.COMPLETED, Orders.status(id));

            ReviewDeskApi.act(path, ReviewDeskApi.reason("buyer asked", "BANCOLOMBIA-TRF-88172")).then().statusCode(200)
                    .body("outcome", equalTo("refunded"));
            ReviewDeskApi.act(path, ReviewDeskApi.reason("double click", "BANCOLOMBIA-TRF-88172")).then()
                    .statusCode(200).body("outcome", equalTo("refunded"));

            assertEquals(OrderStatus.REFUNDED, Orders.status(id));
            assertEquals(0, liveEntitlements(id), "every entitlement revoked");
            assertEquals(1, Orders.transitions(id).stream().filter(t -> t.toStatus == OrderStatus.REFUNDED).count());
            assertTrue(Orders.transitions(id).stream().anyMatch(t -> t.cause.equals("manual-refund:" + ReviewDeskApi.ADMIN)
                    && t.detail.contains("BANCOLOMBIA-TRF-88172")));
            JsonNode pushed = browser.nextEvent("payment_refunded", PUSH_WAIT);
            assertNotNull(pushed, "payment_refunded pushed");
            Api.as(buyer).get("/me/orders").then().statusCode(200)
                    .body("orders.find { it.orderId == '" + orderId + "' }.status", equalTo("REFUNDED"));
            assertEquals(1, Database.count("SELECT count(*) FROM admin_actions WHERE subject_id = ? AND action = 'refund'"
                    + " AND manual_reference = 'BANCOLOMBIA-TRF-88172' AND outcome LIKE 'refunded: %recorded as refunded%'",
                    orderId));
            assertEquals(1, Database.count("SELECT count(*) FROM admin_actions WHERE subject_id = ? AND action = 'refund'"
                    + " AND outcome LIKE 'refunded: %already refunded%'", orderId));
            assertEquals(3, ReviewDeskApi.auditRows("order", orderId, "refund"), "the refused click is audited too");
        }
    }

    @Test
    void aChargeHeldForReviewIsOnTheDeskAcceptedOnlyWhenWompiBearsItOutAndPaysItsPeriodOnce() {
        String user = "desk-subscriber-" + UUID.randomUUID();
        String workspace = "ws-" + UUID.randomUUID();
        String id = Subscriptions.subscribe(user, workspace, Subscriptions.APPROVING_CARD).getString("subscription_id");
        ChargeRow charge = Subscriptions.lastCharge(id);
        WompiFake.transaction(charge.providerPaymentId(), "APPROVED", charge.amount() - 100, "COP", "charge-" + charge.id());
        Subscriptions.deliver(charge, "APPROVED");
        assertEquals("NEEDS_REVIEW", Subscriptions.lastCharge(id).status());

        Map<String, Object> item = ReviewDeskApi.item("charge:" + charge.id());
        assertNotNull(item, "the held charge is on the desk");
        assertEquals("charge_needs_review", item.get("kind"));
        assertEquals("wompi", item.get("provider"));
        assertEquals(user, item.get("buyer"));
        Map<?, ?> view = (Map<?, ?>) item.get("provider_view");
        assertTrue(String.valueOf(view.get("status")).startsWith("APPROVED"), view.toString());
        List<?> actions = (List<?>) item.get("actions");
        assertEquals(List.of("accept", "reject", "refund"), actions.stream().map(a -> ((Map<?, ?>) a).get("action")).toList());
        assertEquals(true, ((Map<?, ?>) actions.get(2)).get("needs_manual_reference"));
        assertTrue(((List<?>) item.get("audit")).stream()
                .anyMatch(line -> String.valueOf(((Map<?, ?>) line).get("action")).contains("NEEDS_REVIEW")));

        String accept = "/admin/charges/" + charge.id() + "/accept";
        ReviewDeskApi.act(accept, ReviewDeskApi.reason("amount checked", null)).then().statusCode(409)
                .body("error.code", equalTo("PROVIDER_RECORD_DISAGREES"));
        assertEquals(0, Subscriptions.liveEntitlements(id));

        // Wompi's record is corrected: the charge's own amount was approved.
        WompiFake.transaction(charge.providerPaymentId(), "APPROVED", charge.amount(), "COP", "charge-" + charge.id());
        ReviewDeskApi.act(accept, ReviewDeskApi.reason("Wompi corrected it", null)).then().statusCode(200)
                .body("outcome", equalTo("accepted")).body("item", equalTo(null));
        ReviewDeskApi.act(accept, ReviewDeskApi.reason("double click", null)).then().statusCode(200)
                .body("outcome", equalTo("accepted"));
        assertEquals("APPROVED", Subscriptions.lastCharge(id).status());
        assertEquals("ACTIVE", Subscriptions.get(user, workspace).getString("status"));
        long granted = Subscriptions.liveEntitlements(id);
        assertTrue(granted > 0, "the subscription's entitlements are granted");
        assertEquals(1, Database.count("SELECT count(*) FROM charge_transitions WHERE charge_id = ? AND to_status = 'APPROVED'",
                charge.id()));
        assertEquals(3, ReviewDeskApi.auditRows("charge", charge.id().toString(), "accept"));

        // An approved charge that paid its period is not refunded here: it granted access.
        ReviewDeskApi.act("/admin/charges/" + charge.id() + "/refund", ReviewDeskApi.reason("x", "REF-1")).then()
                .statusCode(409).body("error.code", equalTo("REVIEW_NOT_OPEN"));
        assertEquals(granted, Subscriptions.liveEntitlements(id));
    }

    @Test
    void aRejectedChargeGrantsNothingAndItsManualRefundIsRecordedOnce() {
        String user = "desk-subscriber-" + UUID.randomUUID();
        String id = Subscriptions.subscribe(user, "ws-" + UUID.randomUUID(), Subscriptions.APPROVING_CARD)
                .getString("subscription_id");
        ChargeRow charge = Subscriptions.lastCharge(id);
        WompiFake.transaction(charge.providerPaymentId(), "APPROVED", charge.amount() + 500, "COP", "charge-" + charge.id());
        Subscriptions.deliver(charge, "APPROVED");

        ReviewDeskApi.act("/admin/charges/" + charge.id() + "/reject", ReviewDeskApi.reason("overcharged", null)).then()
                .statusCode(200).body("outcome", equalTo("rejected"))
                .body("item.actions.action", equalTo(List.of("accept", "refund")));
        assertEquals("NEEDS_REVIEW", Subscriptions.lastCharge(id).status());
        assertEquals(0, Subscriptions.liveEntitlements(id));

        String refund = "/admin/charges/" + charge.id() + "/refund";
        ReviewDeskApi.act(refund, ReviewDeskApi.reason("give it back", null)).then().statusCode(400)
                .body("error.code", equalTo("INVALID_REQUEST"));
        ReviewDeskApi.act(refund, ReviewDeskApi.reason("give it back", "WOMPI-CONSOLE-991")).then().statusCode(200)
                .body("outcome", equalTo("refunded")).body("item", equalTo(null));
        ReviewDeskApi.act(refund, ReviewDeskApi.reason("again", "WOMPI-CONSOLE-991")).then().statusCode(200)
                .body("outcome", equalTo("refunded"));
        assertEquals("REFUNDED", Subscriptions.lastCharge(id).status());
        assertEquals(1, Database.count("SELECT count(*) FROM charge_transitions WHERE charge_id = ? AND to_status = 'REFUNDED'"
                + " AND cause = ? AND detail LIKE '%WOMPI-CONSOLE-991%'", charge.id(), "manual-refund:" + ReviewDeskApi.ADMIN));
        assertEquals(0, Subscriptions.liveEntitlements(id));
        assertEquals(1, ReviewDeskApi.auditRows("charge", charge.id().toString(), "reject"));
        assertEquals(3, ReviewDeskApi.auditRows("charge", charge.id().toString(), "refund"));
        assertNull(ReviewDeskApi.item("charge:" + charge.id()));
    }

    @Test
    void anApprovedChargeOfAnEndedSubscriptionIsOnTheDeskToRefund() {
        String user = "desk-subscriber-" + UUID.randomUUID();
        String id = Subscriptions.subscribe(user, "ws-" + UUID.randomUUID(), Subscriptions.APPROVING_CARD)
                .getString("subscription_id");
        ChargeRow charge = Subscriptions.lastCharge(id);
        // What the billing run leaves when Wompi approves a charge after its subscription ended: the charge APPROVED,
        // the period not counted as paid ("approved but not needed: refund it" on the subscription's trail).
        Database.execute("UPDATE subscriptions SET status = 'FAILED', next_action_at = NULL WHERE id = ?", UUID.fromString(id));
        Database.execute("UPDATE charges SET status = 'APPROVED' WHERE id = ?", charge.id());

        Map<String, Object> item = ReviewDeskApi.item("charge:" + charge.id());
        assertNotNull(item);
        assertEquals("charge_to_refund", item.get("kind"));
        assertEquals(List.of("refund"), ((List<?>) item.get("actions")).stream().map(a -> ((Map<?, ?>) a).get("action"))
                .toList());
        ReviewDeskApi.act("/admin/charges/" + charge.id() + "/refund", ReviewDeskApi.reason("not needed", "REF-77"))
                .then().statusCode(200).body("outcome", equalTo("refunded"));
        assertEquals("REFUNDED", Subscriptions.lastCharge(id).status());
        // Nothing to accept or reject on it.
        ReviewDeskApi.act("/admin/charges/" + charge.id() + "/reject", ReviewDeskApi.reason("x", null)).then()
                .statusCode(409).body("error.code", equalTo("REVIEW_NOT_OPEN"));
        ReviewDeskApi.act("/admin/charges/" + UUID.randomUUID() + "/accept", ReviewDeskApi.reason("x", null)).then()
                .statusCode(404).body("error.code", equalTo("NOT_FOUND"));
    }

    @Test
    void aChargeWithNoAnswerPastItsRetryAndItsStalledSubscriptionAreOnTheDesk() {
        WompiRecurringFake.nextChargesUnanswered(10, false);
        String user = "desk-subscriber-" + UUID.randomUUID();
        String id = Subscriptions.subscribe(user, "ws-" + UUID.randomUUID(), Subscriptions.APPROVING_CARD)
                .getString("subscription_id");
        ChargeRow charge = Subscriptions.lastCharge(id);
        assertEquals("UNKNOWN", charge.status());
        WompiRecurringFake.nextChargesUnanswered(0, false);
        assertNull(ReviewDeskApi.item("charge:" + charge.id()), "not before its retry time has long passed");

        // The billing run did not come for two hours.
        CLOCK.advance(Duration.ofHours(2));
        Map<String, Object> unknown = ReviewDeskApi.item("charge:" + charge.id());
        assertNotNull(unknown);
        assertEquals("charge_unknown", unknown.get("kind"));
        assertEquals(List.of(), unknown.get("actions"));
        assertNotNull(unknown.get("provider_view"), "Wompi is asked by our reference");
        Map<String, Object> stalled = ReviewDeskApi.item("subscription:" + id);
        assertNotNull(stalled);
        assertEquals("subscription_without_next_action", stalled.get("kind"));
        assertTrue(String.valueOf(stalled.get("reason")).startsWith("Next action due at"), stalled.toString());
    }
}
