package dev.pagos.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import java.util.UUID;

/** Orders v2 capture answers, as the spec describes them (201 with purchase_units[].payments.captures[]). */
public final class CaptureStubs {

    private CaptureStubs() {
    }

    public static String capturePath(String paypalOrderId) {
        return "/v2/checkout/orders/" + paypalOrderId + "/capture";
    }

    public static MappingBuilder captureEndpoint(String paypalOrderId) {
        return post(urlEqualTo(capturePath(paypalOrderId)));
    }

    public static RequestPatternBuilder captureRequests(String paypalOrderId) {
        return postRequestedFor(urlEqualTo(capturePath(paypalOrderId)));
    }

    public static String captureBody(String paypalOrderId, UUID orderId, String captureStatus, String value) {
        String orderStatus = captureStatus.equals("COMPLETED") ? "COMPLETED" : "APPROVED";
        return """
                {"id":"%s","status":"%s","payment_source":{"paypal":{"email_address":"buyer@example.com"}},
                 "purchase_units":[{"reference_id":"%s","payments":{"captures":[{
                   "id":"CAP-%s","status":"%s","amount":{"currency_code":"USD","value":"%s"},
                   "final_capture":true,"custom_id":"%s",
                   "seller_protection":{"status":"ELIGIBLE"},
                   "create_time":"2026-11-25T12:00:30Z","update_time":"2026-11-25T12:00:30Z"}]}}],
                 "links":[{"href":"https://api.sandbox.paypal.com/v2/checkout/orders/%s","rel":"self","method":"GET"}]}
                """.formatted(paypalOrderId, orderStatus, orderId, orderId.toString().substring(0, 8), captureStatus, value,
                orderId, paypalOrderId);
    }

    public static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder captured(String paypalOrderId, UUID orderId,
            String captureStatus, String value) {
        return aResponse().withStatus(201).withHeader("content-type", "application/json")
                .withBody(captureBody(paypalOrderId, orderId, captureStatus, value));
    }

    public static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder serverError() {
        return aResponse().withStatus(500).withHeader("content-type", "application/json")
                .withBody("{\"name\":\"INTERNAL_SERVER_ERROR\",\"message\":\"An internal server error has occurred.\"}");
    }
}
