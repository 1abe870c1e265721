package dev.pagos.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagos.order.OrderStatus;
import dev.pagos.order.OrderTransition;
import dev.pagos.support.Crc32Forgery;
import dev.pagos.support.Orders;
import dev.pagos.support.PaypalEvents;
import dev.pagos.support.PaypalFake;
import dev.pagos.support.PaypalOrders;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A signed webhook is a notification, not proof: whatever it claims is read again from PayPal's API, and a
 * confirmed payment that is not the order's amount grants nothing. Each test here is an attack that once worked.
 */
@QuarkusTest
class WebhookTrustTest {

    private String victim;
    private Orders.Placed order;

    @BeforeEach
    void victimHasAnUnpaidOrder() {
        PaypalFake.resetStubs();
        victim = "victim-" + UUID.randomUUID();
        order = Orders.place(victim, "medieval-realms");
        // PayPal knows the order, but its buyer has not paid.
        PaypalOrders.stubOrder(order.paypalOrderId(),
                PaypalOrders.awaitingBuyerBody(order.paypalOrderId(), order.orderId(), "25.00"));
    }

    private String captureCompleted(String eventId, String currency, String value) {
        return new String(PaypalEvents.capture("PAYMENT.CAPTURE.COMPLETED", eventId, "CAP-FORGED", "COMPLETED",
                order.paypalOrderId(), order.orderId(), value), StandardCharsets.UTF_8).replace("\"USD\"", "\"" + currency + "\"");
    }

    private void assertNothingGranted() {
        assertEquals(OrderStatus.PENDING, Orders.status(order.orderId()));
        assertEquals(0, Orders.activeAcquisitions(victim));
        assertEquals(0, PaypalFake.server().findAll(dev.pagos.support.CaptureStubs.captureRequests(order.paypalOrderId())).size());
    }

    @Test
    void aSignedCaptureCompletedForAnOrderPaypalHasNotCapturedGrantsNothing() {
        byte[] forged = captureCompleted(PaypalEvents.newEventId(), "USD", "25.00").getBytes(StandardCharsets.UTF_8);
        PaypalEvents.deliver(forged).then().statusCode(200);

        assertNothingGranted();
        PaypalFake.server().verify(1, getRequestedFor(urlEqualTo(PaypalOrders.orderPath(order.paypalOrderId()))));
    }

    @Test
    void aCrc32CollisionUnderAnotherEventsSignatureIsRefused() {
        // E1: a harmless event the attacker saw signed. E2: a completion for the victim's order, padded to E1's CRC32.
        byte[] harmless = ("{\"id\":\"" + PaypalEvents.newEventId() + "\",\"event_type\":\"CUSTOMER.DISPUTE.UPDATED\","
                + "\"resource\":{\"id\":\"PP-D-1\"}}").getBytes(StandardCharsets.UTF_8);
        Map<String, String> harmlessHeaders = PaypalEvents.sign(harmless);
        PaypalEvents.deliver(harmless, harmlessHeaders).then().statusCode(200);
        byte[] forged = Crc32Forgery.withCrc(captureCompleted(PaypalEvents.newEventId(), "USD", "25.00"),
                Crc32Forgery.crc(harmless));

        PaypalEvents.deliver(forged, harmlessHeaders).then().statusCode(401).body("error.code", equalTo("INVALID_SIGNATURE"));

        assertNothingGranted();
        assertEquals(0L, Orders.inboxSizeLike(order.orderId().toString()), "the forged event was not recorded");
    }

    @Test
    void aCrc32CollisionDeliveredFirstStillNeedsPaypalsWord() {
        // The attacker intercepted E1 and sends only the forgery: the signature checks out, PayPal's record does not.
        byte[] harmless = ("{\"id\":\"" + PaypalEvents.newEventId() + "\",\"event_type\":\"CUSTOMER.DISPUTE.UPDATED\","
                + "\"resource\":{\"id\":\"PP-D-2\"}}").getBytes(StandardCharsets.UTF_8);
        byte[] forged = Crc32Forgery.withCrc(captureCompleted(PaypalEvents.newEventId(), "USD", "25.00"),
                Crc32Forgery.crc(harmless));

        PaypalEvents.deliver(forged, PaypalEvents.sign(harmless)).then().statusCode(200);

        assertNothingGranted();
    }

    @Test
    void aTransmissionIdIsBoundToOneBody() {
        byte[] first = captureCompleted(PaypalEvents.newEventId(), "USD", "25.00").getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = PaypalEvents.sign(first);
        PaypalEvents.deliver(first, headers).then().statusCode(200).body("result", equalTo("PROCESSED"));
        // The same delivery again is a harmless repeat.
        PaypalEvents.deliver(first, headers).then().statusCode(200).body("result", equalTo("DUPLICATE"));
        // Another body under that transmission id is not (here, signed for real: only the id is re-used).
        byte[] second = captureCompleted(PaypalEvents.newEventId(), "USD", "25.00").getBytes(StandardCharsets.UTF_8);
        Map<String, String> reused = PaypalFake.signer().sign(PaypalFake.WEBHOOK_ID, second,
                headers.get("PAYPAL-TRANSMISSION-ID"), headers.get("PAYPAL-TRANSMISSION-TIME"));
        PaypalEvents.deliver(second, reused).then().statusCode(401);
        assertEquals(1L, Orders.inboxSizeLike(order.orderId().toString()));
    }

    @Test
    void aConfirmedCaptureOfAnotherAmountIsHeldForReviewAndGrantsNothing() {
        PaypalOrders.captured(order.paypalOrderId(), order.orderId(), "COMPLETED", "0.01");
        PaypalEvents.deliver(captureCompleted(PaypalEvents.newEventId(), "USD", "0.01").getBytes(StandardCharsets.UTF_8))
                .then().statusCode(200);

        assertEquals(OrderStatus.NEEDS_REVIEW, Orders.status(order.orderId()));
        assertEquals(0, Orders.activeAcquisitions(victim));
        OrderTransition last = lastTransition();
        assertEquals(OrderStatus.NEEDS_REVIEW, last.toStatus);
        assertTrue(last.detail.contains("0.01 USD") && last.detail.contains("differs from the order's 25.00 USD"), last.detail);
    }

    @Test
    void aConfirmedCaptureInAnotherCurrencyIsHeldForReviewAndGrantsNothing() {
        PaypalOrders.stubOrder(order.paypalOrderId(), dev.pagos.support.CaptureStubs.captureBody(order.paypalOrderId(),
                order.orderId(), "COMPLETED", "2500").replace("\"USD\"", "\"JPY\""));
        PaypalEvents.deliver(captureCompleted(PaypalEvents.newEventId(), "JPY", "2500").getBytes(StandardCharsets.UTF_8))
                .then().statusCode(200);

        assertEquals(OrderStatus.NEEDS_REVIEW, Orders.status(order.orderId()));
        assertEquals(0, Orders.activeAcquisitions(victim));
        assertTrue(lastTransition().detail.contains("2500 JPY"), lastTransition().detail);
    }

    @Test
    void aCaptureAnswerOfAnotherAmountIsHeldForReview() {
        PaypalOrders.approvedThenCaptured(order.paypalOrderId(), order.orderId(), "25.00", "COMPLETED", "24.00");
        PaypalEvents.deliver(PaypalEvents.orderApproved(PaypalEvents.newEventId(), order.paypalOrderId(), order.orderId(),
                "25.00")).then().statusCode(200);

        assertEquals(OrderStatus.NEEDS_REVIEW, Orders.status(order.orderId()));
        assertEquals(0, Orders.activeAcquisitions(victim));
    }

    @Test
    void anOrderPaypalKeepsUnderAnotherReferenceIsNotOurs() {
        PaypalOrders.captured(order.paypalOrderId(), UUID.randomUUID(), "COMPLETED", "25.00");
        PaypalEvents.deliver(captureCompleted(PaypalEvents.newEventId(), "USD", "25.00").getBytes(StandardCharsets.UTF_8))
                .then().statusCode(200);

        assertEquals(OrderStatus.PENDING, Orders.status(order.orderId()));
        assertEquals(0, Orders.activeAcquisitions(victim));
    }

    @Test
    void aLostApprovalIsMadeGoodByTheCaptureEventOncePaypalConfirmsIt() {
        PaypalOrders.captured(order.paypalOrderId(), order.orderId(), "COMPLETED", "25.00");
        PaypalEvents.deliver(captureCompleted(PaypalEvents.newEventId(), "USD", "25.00").getBytes(StandardCharsets.UTF_8))
                .then().statusCode(200);

        assertEquals(OrderStatus.COMPLETED, Orders.status(order.orderId()));
        assertEquals(1, Orders.activeAcquisitions(victim));
    }

    @Test
    void controlCharactersInASignedEventAre400AndWriteNothing() {
        long inbox = Orders.inboxSize();
        for (String field : List.of("\"id\":\"WH-NUL\\u0000X\"", "\"event_type\":\"PAYMENT.CAPTURE.COMPLETED\\u0000\"")) {
            String body = captureCompleted(PaypalEvents.newEventId(), "USD", "25.00");
            body = field.startsWith("\"id\"") ? body.replaceFirst("\"id\":\"[^\"]+\"", field.replace("\\", "\\\\"))
                    : body.replace("\"event_type\":\"PAYMENT.CAPTURE.COMPLETED\"", field);
            PaypalEvents.deliver(body.getBytes(StandardCharsets.UTF_8)).then().statusCode(400)
                    .body("error.code", equalTo("INVALID_REQUEST"));
        }
        String resourceNul = captureCompleted(PaypalEvents.newEventId(), "USD", "25.00").replace("\"CAP-FORGED\"", "\"CAP\\u0000\"");
        PaypalEvents.deliver(resourceNul.getBytes(StandardCharsets.UTF_8)).then().statusCode(400);
        assertEquals(inbox, Orders.inboxSize());
        assertEquals(OrderStatus.PENDING, Orders.status(order.orderId()));
    }

    private OrderTransition lastTransition() {
        List<OrderTransition> trail = Orders.transitions(order.orderId());
        return trail.isEmpty() ? null : trail.get(trail.size() - 1);
    }
}
