package dev.pagos.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import dev.pagos.support.Api;
import dev.pagos.support.CaptureStubs;
import dev.pagos.support.Orders;
import dev.pagos.support.PaypalEvents;
import dev.pagos.support.PaypalFake;
import dev.pagos.support.PaypalOrders;
import dev.pagos.support.PushClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The whole purchase, through the functions as deployed, against PostgreSQL and PayPal's HTTP contract. */
@QuarkusTest
@QuarkusTestResource(PaypalFake.class)
class PaypalPurchaseFlowTest {

    private static final Duration PUSH_WAIT = Duration.ofSeconds(10);

    @BeforeEach
    void resetPaypal() {
        PaypalFake.resetStubs();
    }

    @Test
    void buyerPaysByQrAndSeesProcessingThenCompletedLive() throws Exception {
        String buyer = "buyer-" + UUID.randomUUID();
        Api.anonymous().get("/products").then().statusCode(200)
                .body("products.id", hasItems("skyblock-odyssey", "create-industrial", "medieval-realms"));

        try (PushClient browser = PushClient.connect(buyer)) {
            JsonPath created = Api.as(buyer).body("{\"productId\":\"skyblock-odyssey\",\"provider\":\"paypal\"}")
                    .post("/orders").then().statusCode(201)
                    .body("status", equalTo("PENDING"))
                    .body("amount", equalTo(1299))
                    .body("currency", equalTo("USD"))
                    .body("productName", equalTo("Skyblock Odyssey"))
                    .extract().jsonPath();
            UUID orderId = UUID.fromString(created.getString("orderId"));
            String paypalOrderId = "PP" + orderId;
            assertEquals(paypalOrderId, created.getString("providerOrderId"));
            String approveUrl = created.getString("approveUrl");
            assertEquals("https://www.sandbox.paypal.com/checkoutnow?token=" + paypalOrderId, approveUrl);
            assertEquals(approveUrl, decodeQr(created.getString("qrCode")));

            PaypalFake.server().verify(1, postRequestedFor(urlEqualTo("/v2/checkout/orders"))
                    .withHeader("PayPal-Request-Id", WireMock.equalTo("pagos-create-" + orderId))
                    .withRequestBody(matchingJsonPath("$.intent", WireMock.equalTo("CAPTURE")))
                    .withRequestBody(matchingJsonPath("$.purchase_units[0].custom_id", WireMock.equalTo(orderId.toString())))
                    .withRequestBody(matchingJsonPath("$.purchase_units[0].amount",
                            equalToJson("{\"currency_code\":\"USD\",\"value\":\"12.99\"}"))));

            PaypalOrders.approvedThenCapturedOnCapture(paypalOrderId, orderId, "12.99");
            byte[] approved = PaypalEvents.orderApproved(PaypalEvents.newEventId(), paypalOrderId, orderId, "12.99");
            PaypalEvents.deliver(approved).then().statusCode(200).body("result", equalTo("PROCESSED"));

            JsonNode processing = browser.nextEvent("payment_processing", PUSH_WAIT);
            assertNotNull(processing, "payment_processing pushed");
            assertEquals(orderId.toString(), processing.path("data").path("orderId").asText());
            assertEquals("processing", processing.path("data").path("status").asText());
            JsonNode completed = browser.nextEvent("payment_completed", PUSH_WAIT);
            assertNotNull(completed, "payment_completed pushed");
            JsonNode data = completed.path("data");
            assertEquals(orderId.toString(), data.path("orderId").asText());
            assertEquals("skyblock-odyssey", data.path("productId").asText());
            assertEquals(1299, data.path("amount").asLong());
            assertEquals("USD", data.path("currency").asText());
            assertTrue(data.path("processingTimeMs").asLong(-1) >= 0, "processing time present");
            assertTrue(data.hasNonNull("acquisitionId"));

            PaypalFake.server().verify(1, CaptureStubs.captureRequests(paypalOrderId)
                    .withHeader("PayPal-Request-Id", WireMock.equalTo("pagos-capture-" + orderId)));
            Api.as(buyer).get("/orders/" + orderId).then().statusCode(200)
                    .body("status", equalTo("COMPLETED")).body("qrCode", equalTo(null));
            Api.as(buyer).get("/me/products").then().statusCode(200)
                    .body("products.productId", equalTo(List.of("skyblock-odyssey")))
                    .body("products[0].orderId", equalTo(orderId.toString()));

            List<String> trail = Orders.transitions(orderId).stream()
                    .map(t -> t.fromStatus + "->" + t.toStatus + " by " + t.cause.replaceAll(":WH-.*", ":event"))
                    .toList();
            assertEquals(List.of("null->PENDING by buyer", "PENDING->APPROVED by webhook:paypal:event",
                    "APPROVED->COMPLETED by capture"), trail);

            // The buyer owns it now: ordering again is refused.
            Api.as(buyer).body("{\"productId\":\"skyblock-odyssey\"}").post("/orders").then().statusCode(409)
                    .body("error.code", equalTo("ALREADY_OWNED"));
        }
    }

    static String decodeQr(String dataUrl) throws Exception {
        assertTrue(dataUrl.startsWith("data:image/png;base64,"), "PNG data URL");
        byte[] png = Base64.getDecoder().decode(dataUrl.substring("data:image/png;base64,".length()));
        var image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(256, image.getWidth());
        // A QR reader only: the multi-format reader sometimes finds a one-dimensional barcode in a QR's modules.
        // PURE_BARCODE: the image is the code as drawn, not a photo; without it the finder-pattern search failed
        // now and then on long URLs (a Wompi checkout URL with its signature), whatever the code held.
        return new com.google.zxing.qrcode.QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                new BufferedImageLuminanceSource(image))), java.util.Map.of(com.google.zxing.DecodeHintType.PURE_BARCODE,
                Boolean.TRUE)).getText();
    }
}
