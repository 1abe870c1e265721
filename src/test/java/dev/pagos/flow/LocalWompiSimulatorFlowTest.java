package dev.pagos.flow;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pagos.order.OrderStatus;
import dev.pagos.support.Api;
import dev.pagos.support.Database;
import dev.pagos.support.Orders;
import dev.pagos.support.PushClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Local mode with no Wompi account: the built-in simulator serves the web checkout (which checks the integrity
 * signature as Wompi does) and the transactions API, redirects the buyer back with ?id= and sends a signed
 * transaction.updated event to our webhook. Nothing here is faked by the test; the rate source is absent, so the
 * fallback rate prices the order.
 */
@QuarkusTest
@TestProfile(LocalWompiSimulatorFlowTest.SimulatorMode.class)
class LocalWompiSimulatorFlowTest {

    private static final String INTEGRITY_SECRET = "test_integrity_simulator-test";

    public static class SimulatorMode implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "pagos.wompi.mode", "simulator",
                    "pagos.wompi.public-key", "pub_test_simulator-test",
                    "pagos.wompi.private-key", "prv_test_simulator-test",
                    "pagos.wompi.events-secret", "test_events_simulator-test",
                    "pagos.wompi.integrity-secret", INTEGRITY_SECRET,
                    "pagos.public-base-url", "http://localhost:${quarkus.http.test-port}",
                    "pagos.wompi.redirect-url", "http://localhost:${quarkus.http.test-port}/index.html",
                    // No rate source in local mode without network: the order is priced at the fallback rate.
                    "pagos.exchange-rate.url", "http://localhost:${quarkus.http.test-port}/no-rate-source");
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    private static final String PURCHASE = """
            {"provider":"wompi","plan":"business","freeAssistant":"ventas","paidAssistants":["comentarios"],
             "addons":[{"id":"bot","quantity":2}],"period":"monthly","workspaceId":"ws-sim"}""";
    /** business 99 + comentarios 29 + 2 bots 30 = 158 USD at the fallback 4200. */
    private static final long AMOUNT = 15_800L * 4200;

    private static JsonPath placeOrder(String buyer) {
        return Api.as(buyer).body(PURCHASE).post("/orders").then().statusCode(201)
                .body("amount", equalTo((int) AMOUNT)).body("exchangeRateOrigin", equalTo("fallback"))
                .extract().jsonPath();
    }

    private static RequestSpecification simulator() {
        return RestAssured.given().port(Api.port()).redirects().follow(false);
    }

    /** What the buyer's browser posts from the simulator's checkout page: its hidden fields and the chosen button. */
    private static ExtractableResponse<Response> pay(Map<String, String> widget, String outcome) {
        RequestSpecification form = simulator();
        if (outcome != null) {
            form.formParam("outcome", outcome);
        }
        for (String name : new String[] {"reference", "amount-in-cents", "currency", "redirect-url", "signature:integrity"}) {
            form.formParam(name, widget.get(name));
        }
        return form.post("/wompi-simulator/p/pay").then().extract();
    }

    private static String transactionIdOf(String location) {
        assertTrue(location.startsWith("http://localhost:" + Api.port() + "/index.html?id="), location);
        return URLDecoder.decode(location.substring(location.indexOf("?id=") + 4), StandardCharsets.UTF_8);
    }

    private static long entitlements(String orderId) {
        return Database.count("SELECT count(*) FROM entitlements WHERE order_id = ?", UUID.fromString(orderId));
    }

    @Test
    void approvingOnTheSimulatorsCheckoutCompletesThePurchaseThroughTheSignedEvent() throws Exception {
        String buyer = "wompi-sim-" + UUID.randomUUID();
        try (PushClient browser = PushClient.connect(buyer)) {
            JsonPath order = placeOrder(buyer);
            String orderId = order.getString("orderId");
            String url = order.getString("checkout.url");
            assertTrue(url.startsWith("http://localhost:" + Api.port() + "/wompi-simulator/p/?public-key="), url);
            assertEquals(url, PaypalPurchaseFlowTest.decodeQr(order.getString("qrCode")));

            // What a phone shows after scanning the QR code: the amount and the two choices. Opening it pays nothing.
            simulator().get(url).then().statusCode(200).contentType(containsString("text/html"))
                    .body(containsString("value=APPROVED"), containsString("value=DECLINED"), containsString(orderId));
            assertEquals(OrderStatus.PENDING, Orders.status(UUID.fromString(orderId)));

            ExtractableResponse<Response> paid = pay(order.getMap("checkout.widget"), "APPROVED");
            assertEquals(303, paid.statusCode());
            String transactionId = transactionIdOf(paid.header("location"));

            // The signed event reaches /webhooks/wompi, which confirms with the simulator's transactions API.
            JsonNode completed = browser.nextEvent("payment_completed", Duration.ofSeconds(15));
            assertNotNull(completed, "payment_completed pushed");
            assertEquals(orderId, completed.path("data").path("orderId").asText());
            assertEquals(1, Orders.inboxSizeLike(transactionId));

            // The buyer follows the redirect: the page exists and asks how the payment went.
            RestAssured.given().port(Api.port()).get(paid.header("location")).then().statusCode(200)
                    .contentType(containsString("text/html"));
            Api.as(buyer).get("/payments/wompi/" + transactionId).then().statusCode(200)
                    .body("status", equalTo("COMPLETED")).body("orderId", equalTo(orderId))
                    .body("workspaceId", equalTo("ws-sim"))
                    .body("quote.lines.reference", hasItems("business", "ventas", "comentarios", "bot"));
        }
        String orderId = Orders.onlyOrderOf(buyer).id.toString();
        assertEquals(4, entitlements(orderId));
        assertEquals(java.util.List.of("null->PENDING", "PENDING->COMPLETED"), Orders.trail(UUID.fromString(orderId)));
        simulator().get("/wompi-simulator/v1/transactions/NOSUCH").then().statusCode(404);
        // The search by reference the reconciliation job uses needs the private key.
        simulator().header("Authorization", "Bearer prv_test_simulator-test")
                .get("/wompi-simulator/v1/transactions?reference=" + orderId).then().statusCode(200)
                .body("data.size()", equalTo(1)).body("data[0].status", equalTo("APPROVED"))
                .body("data[0].reference", equalTo(orderId));
        simulator().get("/wompi-simulator/v1/transactions?reference=" + orderId).then().statusCode(401);
        simulator().header("Authorization", "Bearer prv_test_simulator-test").get("/wompi-simulator/v1/transactions")
                .then().statusCode(422);
    }

    @Test
    void decliningOnTheSimulatorFailsTheOrderAndGrantsNothing() throws Exception {
        String buyer = "wompi-sim-" + UUID.randomUUID();
        try (PushClient browser = PushClient.connect(buyer)) {
            JsonPath order = placeOrder(buyer);
            ExtractableResponse<Response> declined = pay(order.getMap("checkout.widget"), "DECLINED");
            assertEquals(303, declined.statusCode());
            String transactionId = transactionIdOf(declined.header("location"));

            JsonNode failed = browser.nextEvent("payment_failed", Duration.ofSeconds(15));
            assertNotNull(failed, "payment_failed pushed");
            assertEquals("failed", failed.path("data").path("status").asText());
            Api.as(buyer).get("/payments/wompi/" + transactionId).then().statusCode(200)
                    .body("status", equalTo("FAILED")).body("displayStatus", equalTo("failed"));
            assertEquals(0, entitlements(order.getString("orderId")));
        }
    }

    @Test
    void everyBadRequestToTheSimulatorIsAClientErrorAndATamperedAmountIsRefused() {
        String buyer = "wompi-sim-" + UUID.randomUUID();
        JsonPath order = placeOrder(buyer);
        String url = order.getString("checkout.url");
        Map<String, String> widget = order.getMap("checkout.widget");

        // The integrity signature covers the amount: a cheaper checkout is refused, on the page and on payment.
        String cheaper = url.replace("amount-in-cents=" + AMOUNT, "amount-in-cents=100");
        assertTrue(!cheaper.equals(url));
        simulator().get(cheaper).then().statusCode(403).body(containsString("integrity"));
        java.util.Map<String, String> tampered = new java.util.HashMap<>(widget);
        tampered.put("amount-in-cents", "100");
        assertEquals(403, pay(tampered, "APPROVED").statusCode());
        tampered.put("amount-in-cents", "lots");
        assertEquals(403, pay(tampered, "APPROVED").statusCode());
        java.util.Map<String, String> otherOrder = new java.util.HashMap<>(widget);
        otherOrder.put("reference", UUID.randomUUID().toString());
        assertEquals(403, pay(otherOrder, "APPROVED").statusCode());

        simulator().get("/wompi-simulator/p/").then().statusCode(403);
        simulator().get("/wompi-simulator/p/?amount-in-cents=99999999999999999999999&reference=x&currency=COP"
                + "&signature:integrity=00").then().statusCode(403);
        simulator().post("/wompi-simulator/p/pay").then().statusCode(403);
        assertEquals(400, pay(widget, "STEAL").statusCode());
        assertEquals(400, pay(widget, null).statusCode());
        simulator().get("/wompi-simulator/v1/transactions/NOSUCH").then().statusCode(404)
                .body("error.type", equalTo("NOT_FOUND_ERROR"));

        // Nothing reached the order.
        assertEquals(OrderStatus.PENDING, Orders.status(UUID.fromString(order.getString("orderId"))));

        // Once approved, the same checkout cannot be paid again (Wompi takes one payment per reference).
        assertEquals(303, pay(widget, "APPROVED").statusCode());
        assertEquals(409, pay(widget, "APPROVED").statusCode());
        assertEquals(409, pay(widget, "DECLINED").statusCode());
    }
}
