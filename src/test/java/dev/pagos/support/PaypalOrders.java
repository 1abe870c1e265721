package dev.pagos.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;

import java.util.UUID;

/**
 * PayPal's own record of an order (Orders v2 GET /v2/checkout/orders/{id}), which Pagos reads to confirm what a
 * webhook claims. Stubbed per order, in the states the spec gives: APPROVED before capture, COMPLETED with its
 * capture after.
 */
public final class PaypalOrders {

    private PaypalOrders() {
    }

    public static String orderPath(String paypalOrderId) {
        return "/v2/checkout/orders/" + paypalOrderId;
    }

    /** The buyer approved: PayPal shows the order APPROVED, with our reference and amount, and no capture yet. */
    public static String approvedBody(String paypalOrderId, UUID orderId, String value) {
        return """
                {"id":"%s","intent":"CAPTURE","status":"APPROVED",
                 "purchase_units":[{"reference_id":"%s","custom_id":"%s","amount":{"currency_code":"USD","value":"%s"}}],
                 "payer":{"email_address":"buyer@example.com","payer_id":"QYR5Z8XDVJNXQ"},
                 "links":[{"href":"https://api.sandbox.paypal.com/v2/checkout/orders/%s","rel":"self","method":"GET"}]}
                """.formatted(paypalOrderId, orderId, orderId, value, paypalOrderId);
    }

    /** Not yet approved: the buyer has the link but has not paid. */
    public static String awaitingBuyerBody(String paypalOrderId, UUID orderId, String value) {
        return approvedBody(paypalOrderId, orderId, value).replace("\"status\":\"APPROVED\"", "\"status\":\"PAYER_ACTION_REQUIRED\"");
    }

    public static void stubOrder(String paypalOrderId, String body) {
        PaypalFake.server().stubFor(get(urlEqualTo(orderPath(paypalOrderId))).willReturn(json(body)));
    }

    /**
     * APPROVED until the capture call, then COMPLETED with the capture (status {@code captureStatus}, amount
     * {@code value}) both in the capture's answer and in the order's record.
     */
    public static void approvedThenCaptured(String paypalOrderId, UUID orderId, String approvedValue, String captureStatus,
            String capturedValue) {
        String scenario = "order-" + paypalOrderId;
        PaypalFake.server().stubFor(get(urlEqualTo(orderPath(paypalOrderId))).inScenario(scenario)
                .whenScenarioStateIs(STARTED).willReturn(json(approvedBody(paypalOrderId, orderId, approvedValue))));
        PaypalFake.server().stubFor(CaptureStubs.captureEndpoint(paypalOrderId).inScenario(scenario)
                .willReturn(CaptureStubs.captured(paypalOrderId, orderId, captureStatus, capturedValue))
                .willSetStateTo("captured"));
        PaypalFake.server().stubFor(get(urlEqualTo(orderPath(paypalOrderId))).inScenario(scenario)
                .whenScenarioStateIs("captured")
                .willReturn(json(CaptureStubs.captureBody(paypalOrderId, orderId, captureStatus, capturedValue))));
    }

    public static void approvedThenCapturedOnCapture(String paypalOrderId, UUID orderId, String value) {
        approvedThenCaptured(paypalOrderId, orderId, value, "COMPLETED", value);
    }

    /** PayPal's record after the capture, whatever happened before. */
    public static void captured(String paypalOrderId, UUID orderId, String captureStatus, String value) {
        stubOrder(paypalOrderId, CaptureStubs.captureBody(paypalOrderId, orderId, captureStatus, value));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("content-type", "application/json").withBody(body);
    }
}
