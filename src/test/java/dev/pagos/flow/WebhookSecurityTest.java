package dev.pagos.flow;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.pagos.order.OrderStatus;
import dev.pagos.provider.paypal.PaypalWebhookSigner;
import dev.pagos.support.Api;
import dev.pagos.support.Orders;
import dev.pagos.support.PaypalEvents;
import dev.pagos.support.PaypalFake;
import io.quarkus.test.junit.QuarkusTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A webhook that cannot be verified is answered 401 and leaves no trace: no inbox row, no order change. */
@QuarkusTest
class WebhookSecurityTest {

    private String buyer;
    private Orders.Placed order;
    private String eventId;
    private byte[] body;

    @BeforeEach
    void placeOrder() {
        PaypalFake.resetStubs();
        buyer = "buyer-" + UUID.randomUUID();
        order = Orders.place(buyer, "medieval-realms");
        eventId = PaypalEvents.newEventId();
        body = PaypalEvents.orderApproved(eventId, order.paypalOrderId(), order.orderId(), "25.00");
    }

    private void assertRejectedAndNothingWritten(Map<String, String> headers, byte[] sentBody) {
        long inboxBefore = Orders.inboxSize();
        PaypalEvents.deliver(sentBody, headers).then().statusCode(401)
                .body("error.code", equalTo("INVALID_SIGNATURE"));
        assertNull(Orders.inboxEvent(eventId), "no inbox row for a rejected webhook");
        assertEquals(inboxBefore, Orders.inboxSize());
        assertEquals(OrderStatus.PENDING, Orders.status(order.orderId()));
        assertEquals(List.of("null->PENDING"), Orders.trail(order.orderId()));
        PaypalFake.server().verify(0, com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlMatching("/v2/checkout/orders/.*/capture")));
    }

    @Test
    void oneChangedByteOfTheBodyIsRejected() {
        Map<String, String> headers = PaypalEvents.sign(body);
        byte[] tampered = new String(body).replace("\"25.00\"", "\"0.01\"").getBytes();
        assertRejectedAndNothingWritten(headers, tampered);
    }

    @Test
    void unsignedWebhookIsRejected() {
        assertRejectedAndNothingWritten(Map.of(), body);
    }

    @Test
    void signatureForAnotherWebhookIdIsRejected() {
        assertRejectedAndNothingWritten(PaypalFake.signer().sign("WH-SOMEONE-ELSES", body), body);
    }

    @Test
    void signatureByAnotherKeyIsRejected() {
        PaypalWebhookSigner forger = PaypalWebhookSigner.generate(PaypalFake.CERT_URL);
        assertRejectedAndNothingWritten(forger.sign(PaypalFake.WEBHOOK_ID, body), body);
    }

    @Test
    void certificateFromOutsidePaypalIsNeverFetched() {
        PaypalWebhookSigner forger = PaypalWebhookSigner.generate("https://evil.example/cert.pem");
        assertRejectedAndNothingWritten(forger.sign(PaypalFake.WEBHOOK_ID, body), body);
    }

    @Test
    void missingSignatureHeaderIsRejected() {
        Map<String, String> headers = new LinkedHashMap<>(PaypalEvents.sign(body));
        headers.remove("PAYPAL-TRANSMISSION-SIG");
        assertRejectedAndNothingWritten(headers, body);
    }

    @Test
    void webhookForUnknownProviderIs404() {
        Api.anonymous().body(body).post("/webhooks/stripe").then().statusCode(404)
                .body("error.code", equalTo("ROUTE_NOT_FOUND"));
    }
}
