package dev.pagos.support;

import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/** PayPal webhook bodies shaped as PayPal sends them, signed and delivered like PayPal does. */
public final class PaypalEvents {

    private PaypalEvents() {
    }

    public static String newEventId() {
        return "WH-" + UUID.randomUUID().toString().toUpperCase().replace("-", "").substring(0, 17) + "-TEST";
    }

    public static byte[] orderApproved(String eventId, String paypalOrderId, UUID orderId, String value) {
        return ("""
                {"id":"%s","event_version":"1.0","create_time":"2026-11-25T12:00:00.000Z",
                 "resource_type":"checkout-order","resource_version":"2.0","event_type":"CHECKOUT.ORDER.APPROVED",
                 "summary":"An order has been approved by buyer",
                 "resource":{"create_time":"2026-11-25T11:59:00Z","id":"%s","intent":"CAPTURE","status":"APPROVED",
                   "purchase_units":[{"reference_id":"%s","custom_id":"%s",
                     "amount":{"currency_code":"USD","value":"%s"},
                     "payee":{"email_address":"merchant@example.com","merchant_id":"7KNGBPH2U58GQ"}}],
                   "payer":{"name":{"given_name":"John","surname":"Doe"},"email_address":"buyer@example.com","payer_id":"QYR5Z8XDVJNXQ"},
                   "links":[{"href":"https://api.sandbox.paypal.com/v2/checkout/orders/%s","rel":"self","method":"GET"}]},
                 "links":[{"href":"https://api.sandbox.paypal.com/v1/notifications/webhooks-events/%s","rel":"self","method":"GET"}]}
                """).formatted(eventId, paypalOrderId, orderId, orderId, value, paypalOrderId, eventId)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** PAYMENT.CAPTURE.* events: the resource is the capture (or refund), linked to the order. */
    public static byte[] capture(String eventType, String eventId, String resourceId, String status, String paypalOrderId,
            UUID orderId, String value) {
        return ("""
                {"id":"%s","event_version":"1.0","create_time":"2026-11-25T12:01:00.000Z",
                 "resource_type":"capture","resource_version":"2.0","event_type":"%s",
                 "summary":"Payment %s","resource":{"id":"%s","status":"%s",
                   "amount":{"currency_code":"USD","value":"%s"},"final_capture":true,"custom_id":"%s",
                   "supplementary_data":{"related_ids":{"order_id":"%s"}},
                   "create_time":"2026-11-25T12:00:30Z","update_time":"2026-11-25T12:00:30Z"},
                 "links":[]}
                """).formatted(eventId, eventType, status.toLowerCase(), resourceId, status, value, orderId, paypalOrderId)
                .getBytes(StandardCharsets.UTF_8);
    }

    public static Map<String, String> sign(byte[] body) {
        return PaypalFake.signer().sign(PaypalFake.WEBHOOK_ID, body);
    }

    public static Response deliver(byte[] body) {
        return deliver(body, sign(body));
    }

    public static Response deliver(byte[] body, Map<String, String> headers) {
        return Api.anonymous().headers(headers).body(body).post("/webhooks/paypal");
    }
}
