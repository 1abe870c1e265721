package dev.pagos.flow;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pagos.order.OrderPayments;
import dev.pagos.order.OrderStatus;
import dev.pagos.support.Api;
import dev.pagos.support.Database;
import dev.pagos.support.Orders;
import dev.pagos.support.PushClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Local mode with no PaymentsWay account: our form page posts to the built-in simulator, which shows the payment,
 * sends the browser back to the return page and POSTs a checksum-signed notification to our webhook; Pagos confirms
 * it through the simulator's ClientAPI. Nothing here is faked by the test.
 */
@QuarkusTest
@TestProfile(LocalPaymentsWaySimulatorFlowTest.SimulatorMode.class)
class LocalPaymentsWaySimulatorFlowTest {

    public static class SimulatorMode implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "pagos.paymentsway.mode", "simulator",
                    "pagos.paymentsway.merchant-id", "9101",
                    "pagos.paymentsway.form-id", "9102",
                    "pagos.paymentsway.terminal-id", "9103",
                    "pagos.paymentsway.api-key", "simulator-test-key",
                    "pagos.public-base-url", "http://localhost:${quarkus.http.test-port}",
                    "pagos.exchange-rate.url", "http://localhost:${quarkus.http.test-port}/no-rate-source");
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    private static final String PURCHASE = """
            {"provider":"paymentsway","plan":"business","freeAssistant":"ventas","paidAssistants":["comentarios"],
             "period":"monthly","workspaceId":"ws-pw-sim"}""";
    private static final Pattern HIDDEN = Pattern.compile("<input type=hidden name=\"([^\"]+)\" value=\"([^\"]*)\">");

    @Inject
    OrderPayments orderPayments;

    /** What the buyer's browser does: opens the link, fills in the details, posts the form, picks an outcome. */
    private static String pay(String link, String outcome) {
        String base = "http://localhost:" + Api.port();
        String page = RestAssured.given().get(link).then().statusCode(200)
                .body(containsString("action=\"" + base + "/paymentsway-simulator/cartaspago/redirect\""))
                .extract().asString();
        Map<String, String> form = new LinkedHashMap<>();
        Matcher hidden = HIDDEN.matcher(page);
        while (hidden.find()) {
            form.put(hidden.group(1), hidden.group(2).replace("&amp;", "&"));
        }
        form.putAll(Map.of("client_firstname", "Ana", "client_lastname", "Ruiz", "client_email", "ana@example.com",
                "client_phone", "3001234567", "client_doctype", "4", "client_numdoc", "1234567890"));
        Response posted = RestAssured.given().redirects().follow(false).formParams(form)
                .post(base + "/paymentsway-simulator/cartaspago/redirect");
        assertEquals(303, posted.statusCode());
        String paymentPage = base + posted.header("location");
        RestAssured.given().get(paymentPage).then().statusCode(200).body(containsString("Approve"));
        Response decided = RestAssured.given().redirects().follow(false).formParam("outcome", outcome).post(paymentPage);
        assertEquals(303, decided.statusCode());
        return decided.header("location");
    }

    private static OrderStatus waitFor(UUID orderId, OrderStatus expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        OrderStatus status = Orders.status(orderId);
        while (status != expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
            status = Orders.status(orderId);
        }
        return status;
    }

    @Test
    void aPlanPaidInTheSimulatorCompletesByItsNotificationAndCanBeRefundedOnce() throws Exception {
        String buyer = "pw-sim-" + UUID.randomUUID();
        try (PushClient browser = PushClient.connect(buyer)) {
            var created = Api.as(buyer).body(PURCHASE).post("/orders").then().statusCode(201).extract().jsonPath();
            UUID orderId = UUID.fromString(created.getString("orderId"));
            assertEquals("http://localhost:" + Api.port() + "/checkout/paymentsway/" + orderId,
                    created.getString("checkout.url"));

            String back = pay(created.getString("checkout.url"), "34");

            // Back to our return page, with nothing of PaymentsWay's in the URL.
            assertEquals("http://localhost:" + Api.port() + "/checkout/return?orderId=" + orderId, back);
            JsonNode completed = browser.nextEvent("payment_completed", Duration.ofSeconds(15));
            assertNotNull(completed, "payment_completed pushed");
            assertEquals(OrderStatus.COMPLETED, waitFor(orderId, OrderStatus.COMPLETED));
            assertEquals(3, Database.count("SELECT count(*) FROM entitlements WHERE order_id = ? AND revoked_at IS NULL",
                    orderId));
            // Paid: the page offers nothing to pay any more.
            RestAssured.given().get(created.getString("checkout.url")).then().statusCode(404);

            assertEquals(OrderStatus.REFUNDED, orderPayments.refund(orderId, "admin-sim", "test refund").status);
            assertEquals(OrderStatus.REFUNDED, orderPayments.refund(orderId, "admin-sim", "again").status);
            assertEquals(0, Database.count("SELECT count(*) FROM entitlements WHERE order_id = ? AND revoked_at IS NULL",
                    orderId));
        }
    }

    @Test
    void aDeclinedPaymentFailsTheOrder() throws Exception {
        String buyer = "pw-sim-" + UUID.randomUUID();
        var created = Api.as(buyer).body(PURCHASE).post("/orders").then().statusCode(201).extract().jsonPath();
        UUID orderId = UUID.fromString(created.getString("orderId"));
        pay(created.getString("checkout.url"), "36");
        assertEquals(OrderStatus.FAILED, waitFor(orderId, OrderStatus.FAILED));
        Api.as(buyer).get("/orders/" + orderId).then().statusCode(200).body("displayStatus", equalTo("failed"));
    }

    @Test
    void aPendingCashPaymentWaitsThenCompletesWhenPaid() throws Exception {
        String buyer = "pw-sim-" + UUID.randomUUID();
        var created = Api.as(buyer).body(PURCHASE).post("/orders").then().statusCode(201).extract().jsonPath();
        UUID orderId = UUID.fromString(created.getString("orderId"));
        pay(created.getString("checkout.url"), "40");
        Thread.sleep(1500);
        assertEquals(OrderStatus.PENDING, Orders.status(orderId));
        // The voucher is paid at the counter: the simulator's payment page still takes the outcome.
        String transaction = RestAssured.given().header("Authorization", "simulator-test-key")
                .get("http://localhost:" + Api.port() + "/paymentsway-simulator/ClientAPI/ObtenerTransaccionByExternalOrder?external_order="
                        + orderId).then().statusCode(200).extract().path("[0].id");
        RestAssured.given().redirects().follow(false).formParam("outcome", "34")
                .post("http://localhost:" + Api.port() + "/paymentsway-simulator/pay/" + transaction).then().statusCode(303);
        assertEquals(OrderStatus.COMPLETED, waitFor(orderId, OrderStatus.COMPLETED));
    }
}
