package dev.pagos.flow;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagos.support.Api;
import dev.pagos.support.PushClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Local mode with no PayPal account: the built-in simulator serves Orders v2, its approval link approves
 * the order when opened and sends signed webhooks to our webhook function, which verifies them with the
 * certificate the simulator serves. Nothing here is faked by the test.
 */
@QuarkusTest
@TestProfile(LocalSimulatorFlowTest.SimulatorMode.class)
class LocalSimulatorFlowTest {

    public static class SimulatorMode implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "pagos.paypal.mode", "simulator",
                    "pagos.paypal.client-id", "simulator-client",
                    "pagos.paypal.client-secret", "simulator-secret",
                    "pagos.paypal.webhook-id", "WH-SIMULATOR-TEST",
                    "pagos.public-base-url", "http://localhost:${quarkus.http.test-port}");
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    @Test
    void openingTheApprovalLinkCompletesThePurchaseLive() throws Exception {
        String buyer = "buyer-" + UUID.randomUUID();
        try (PushClient browser = PushClient.connect(buyer)) {
            JsonPath order = Api.as(buyer).body("{\"productId\":\"medieval-realms\",\"provider\":\"paypal\"}")
                    .post("/orders").then().statusCode(201).extract().jsonPath();
            String approveUrl = order.getString("approveUrl");
            assertTrue(approveUrl.startsWith("http://localhost:" + Api.port() + "/paypal-sim/checkoutnow?token="), approveUrl);
            assertEquals(approveUrl, PaypalPurchaseFlowTest.decodeQr(order.getString("qrCode")));

            // What a phone does after scanning the QR code.
            RestAssured.given().get(approveUrl).then().statusCode(200).body(containsString("approved"));

            assertNotNull(browser.nextEvent("payment_processing", Duration.ofSeconds(15)));
            var completed = browser.nextEvent("payment_completed", Duration.ofSeconds(15));
            assertNotNull(completed);
            assertEquals(order.getString("orderId"), completed.path("data").path("orderId").asText());
        }
        Api.as(buyer).get("/me/products").then().statusCode(200)
                .body("products[0].productId", equalTo("medieval-realms"));
    }

    @Test
    void simulatorRefusesCaptureOfAnUnapprovedOrder() {
        String buyer = "buyer-" + UUID.randomUUID();
        String paypalOrderId = Api.as(buyer).body("{\"productId\":\"skyblock-odyssey\"}").post("/orders")
                .then().statusCode(201).extract().path("providerOrderId");
        String token = RestAssured.given().port(Api.port()).auth().preemptive().basic("a", "b")
                .formParam("grant_type", "client_credentials").post("/paypal-sim/v1/oauth2/token")
                .then().statusCode(200).extract().path("access_token");
        RestAssured.given().port(Api.port()).header("Authorization", "Bearer " + token).contentType("application/json")
                .body("{}").post("/paypal-sim/v2/checkout/orders/" + paypalOrderId + "/capture")
                .then().statusCode(422).body("details[0].issue", equalTo("ORDER_NOT_APPROVED"));
    }
}
