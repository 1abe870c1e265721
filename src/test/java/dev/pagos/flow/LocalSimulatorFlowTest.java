package dev.pagos.flow;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagos.support.Api;
import dev.pagos.support.PushClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Local mode with no PayPal account: the built-in simulator serves Orders v2 and an approval page where the
 * buyer pays, declines or cancels (by POST; opening the link pays nothing), and sends signed webhooks to our
 * webhook function, which verifies them with the certificate the simulator serves. Nothing here is faked by
 * the test.
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

    private static JsonPath placeOrder(String buyer, String productId) {
        return Api.as(buyer).body("{\"productId\":\"" + productId + "\",\"provider\":\"paypal\"}")
                .post("/orders").then().statusCode(201).extract().jsonPath();
    }

    /** What the buyer's browser posts from the approval page. */
    private static ExtractableResponse<Response> choose(String paypalOrderId, String action) {
        return RestAssured.given().port(Api.port()).redirects().follow(false)
                .formParam("token", paypalOrderId).formParam("action", action)
                .post("/paypal-sim/checkoutnow").then().extract();
    }

    @Test
    void payingOnTheApprovalPageCompletesThePurchaseLive() throws Exception {
        String buyer = "buyer-" + UUID.randomUUID();
        try (PushClient browser = PushClient.connect(buyer)) {
            JsonPath order = placeOrder(buyer, "medieval-realms");
            String approveUrl = order.getString("approveUrl");
            assertTrue(approveUrl.startsWith("http://localhost:" + Api.port() + "/paypal-sim/checkoutnow?token="), approveUrl);
            assertEquals(approveUrl, PaypalPurchaseFlowTest.decodeQr(order.getString("qrCode")));

            // What a phone does after scanning the QR code: the page offers the choices.
            RestAssured.given().get(approveUrl).then().statusCode(200)
                    .body(containsString("value=\"pay\""), containsString("value=\"decline\""), containsString("value=\"cancel\""));

            // Like PayPal, the buyer is sent back to the return URL, which names our order.
            ExtractableResponse<Response> paid = choose(order.getString("providerOrderId"), "pay");
            assertEquals(303, paid.statusCode());
            String returnUrl = paid.header("location");
            assertTrue(returnUrl.startsWith("http://localhost:" + Api.port() + "/checkout/return?orderId="
                    + order.getString("orderId") + "&token=" + order.getString("providerOrderId")), returnUrl);

            assertNotNull(browser.nextEvent("payment_processing", Duration.ofSeconds(15)));
            var completed = browser.nextEvent("payment_completed", Duration.ofSeconds(15));
            assertNotNull(completed);
            assertEquals(order.getString("orderId"), completed.path("data").path("orderId").asText());
        }
        Api.as(buyer).get("/me/products").then().statusCode(200)
                .body("products[0].productId", equalTo("medieval-realms"));
    }

    @Test
    void theReviewDeskRefundsASimulatedPaymentThroughTheSimulatorsCaptureRefund() throws Exception {
        String buyer = "buyer-" + UUID.randomUUID();
        try (PushClient browser = PushClient.connect(buyer)) {
            JsonPath order = placeOrder(buyer, "medieval-realms");
            assertEquals(303, choose(order.getString("providerOrderId"), "pay").statusCode());
            assertNotNull(browser.nextEvent("payment_completed", Duration.ofSeconds(15)));

            dev.pagos.support.ReviewDeskApi.act("/admin/orders/" + order.getString("orderId") + "/refund",
                    dev.pagos.support.ReviewDeskApi.reason("simulated refund", null)).then().statusCode(200)
                    .body("outcome", equalTo("refunded"));
            assertNotNull(browser.nextEvent("payment_refunded", Duration.ofSeconds(15)));
            // The simulator's PAYMENT.CAPTURE.REFUNDED event arrives too and changes nothing more.
            Api.as(buyer).get("/orders/" + order.getString("orderId")).then().body("status", equalTo("REFUNDED"));
            assertEquals(1, dev.pagos.support.Orders.transitions(java.util.UUID.fromString(order.getString("orderId")))
                    .stream().filter(t -> t.toStatus == dev.pagos.order.OrderStatus.REFUNDED).count());
        }
        Api.as(buyer).get("/me/products").then().statusCode(200).body("products", org.hamcrest.Matchers.empty());
    }

    @Test
    void openingTheApprovalLinkDoesNotPay() throws Exception {
        String buyer = "buyer-" + UUID.randomUUID();
        try (PushClient browser = PushClient.connect(buyer)) {
            JsonPath order = placeOrder(buyer, "create-industrial");
            // A link preview, a prefetch, a crawler: GET twice, HEAD-like repeats.
            RestAssured.given().get(order.getString("approveUrl")).then().statusCode(200);
            RestAssured.given().get(order.getString("approveUrl")).then().statusCode(200);

            assertNull(browser.next(Duration.ofSeconds(2)), "nothing happened, so nothing is pushed");
            Api.as(buyer).get("/orders/" + order.getString("orderId")).then().body("status", equalTo("PENDING"));
        }
    }

    @Test
    void declineMakesTheCaptureFailAndTheBuyerHearsIt() throws Exception {
        String buyer = "buyer-" + UUID.randomUUID();
        try (PushClient browser = PushClient.connect(buyer)) {
            JsonPath order = placeOrder(buyer, "skyblock-odyssey");
            assertEquals(303, choose(order.getString("providerOrderId"), "decline").statusCode());

            var failed = browser.nextEvent("payment_failed", Duration.ofSeconds(15));
            assertNotNull(failed);
            assertEquals("failed", failed.path("data").path("status").asText());
        }
        Api.as(buyer).get("/me/orders").then().statusCode(200)
                .body("orders[0].status", equalTo("FAILED"))
                .body("orders[0].displayStatus", equalTo("failed"))
                .body("orders[0].failureReason", containsString("INSTRUMENT_DECLINED"));
        Api.as(buyer).get("/me/products").then().body("products.size()", equalTo(0));
    }

    @Test
    void cancelOnTheApprovalPageSendsTheBuyerToTheCancelPageAndChangesNothing() {
        String buyer = "buyer-" + UUID.randomUUID();
        JsonPath order = placeOrder(buyer, "skyblock-odyssey");
        ExtractableResponse<Response> cancelled = choose(order.getString("providerOrderId"), "cancel");
        assertEquals(303, cancelled.statusCode());
        String cancelUrl = cancelled.header("location");
        assertTrue(cancelUrl.startsWith("http://localhost:" + Api.port() + "/checkout/cancel?orderId="
                + order.getString("orderId")), cancelUrl);
        Api.as(buyer).get("/orders/" + order.getString("orderId")).then().body("status", equalTo("PENDING"));
        // The buyer can still pay: the page keeps its buttons.
        RestAssured.given().get(order.getString("approveUrl")).then().statusCode(200).body(containsString("value=\"pay\""));
    }

    @Test
    void checkoutReturnAndCancelPagesExistInLocalMode() {
        for (String path : List.of("/checkout/return?orderId=" + UUID.randomUUID() + "&token=X&PayerID=Y",
                "/checkout/cancel?orderId=" + UUID.randomUUID())) {
            RestAssured.given().port(Api.port()).get(path).then().statusCode(200)
                    .contentType(containsString("text/html"))
                    .body(containsString("aria-live"));
        }
    }

    @Test
    void everyBadApprovalRequestIsAClientError() {
        String buyer = "buyer-" + UUID.randomUUID();
        String paypalOrderId = placeOrder(buyer, "medieval-realms").getString("providerOrderId");
        var page = RestAssured.given().port(Api.port()).redirects().follow(false);

        page.get("/paypal-sim/checkoutnow").then().statusCode(400).contentType(containsString("text/html"));
        RestAssured.given().port(Api.port()).get("/paypal-sim/checkoutnow?token=").then().statusCode(400);
        RestAssured.given().port(Api.port()).get("/paypal-sim/checkoutnow?token=NOSUCHORDER").then().statusCode(404)
                .contentType(containsString("text/html"));
        RestAssured.given().port(Api.port()).formParam("action", "pay").post("/paypal-sim/checkoutnow").then().statusCode(400);
        assertEquals(404, choose("NOSUCHORDER", "pay").statusCode());
        assertEquals(400, choose(paypalOrderId, "steal").statusCode());
        RestAssured.given().port(Api.port()).formParam("token", paypalOrderId).post("/paypal-sim/checkoutnow")
                .then().statusCode(400);
        assertEquals(303, choose(paypalOrderId, "pay").statusCode());
        // Paying twice, or declining after paying, is refused: the first choice stands.
        assertEquals(409, choose(paypalOrderId, "pay").statusCode());
        assertEquals(409, choose(paypalOrderId, "decline").statusCode());

        String token = simulatorAccessToken();
        RestAssured.given().port(Api.port()).header("Authorization", "Bearer " + token).contentType("application/json")
                .post("/paypal-sim/v2/checkout/orders").then().statusCode(422).body("name", equalTo("UNPROCESSABLE_ENTITY"));
        RestAssured.given().port(Api.port()).header("Authorization", "Bearer " + token).contentType("application/json")
                .body("{not json").post("/paypal-sim/v2/checkout/orders").then().statusCode(400)
                .body("name", equalTo("INVALID_REQUEST"));
        RestAssured.given().port(Api.port()).header("Authorization", "Bearer " + token)
                .get("/paypal-sim/v2/checkout/orders/NOSUCHORDER").then().statusCode(404)
                .body("name", equalTo("RESOURCE_NOT_FOUND"));
        RestAssured.given().port(Api.port()).contentType("application/json").body("{}")
                .post("/paypal-sim/v2/checkout/orders").then().statusCode(401);
    }

    private static String simulatorAccessToken() {
        return RestAssured.given().port(Api.port()).auth().preemptive().basic("a", "b")
                .formParam("grant_type", "client_credentials").post("/paypal-sim/v1/oauth2/token")
                .then().statusCode(200).extract().path("access_token");
    }

    @Test
    void simulatorRefusesCaptureOfAnUnapprovedOrder() {
        String buyer = "buyer-" + UUID.randomUUID();
        String paypalOrderId = Api.as(buyer).body("{\"productId\":\"skyblock-odyssey\"}").post("/orders")
                .then().statusCode(201).extract().path("providerOrderId");
        String token = simulatorAccessToken();
        RestAssured.given().port(Api.port()).header("Authorization", "Bearer " + token).contentType("application/json")
                .body("{}").post("/paypal-sim/v2/checkout/orders/" + paypalOrderId + "/capture")
                .then().statusCode(422).body("details[0].issue", equalTo("ORDER_NOT_APPROVED"));
    }
}
