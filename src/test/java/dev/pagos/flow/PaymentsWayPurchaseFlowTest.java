package dev.pagos.flow;

import com.github.tomakehurst.wiremock.client.WireMock;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import dev.pagos.exchange.ExchangeRates;
import dev.pagos.function.Routes;
import dev.pagos.order.OrderPayments;
import dev.pagos.order.OrderStatus;
import dev.pagos.support.Api;
import dev.pagos.support.Database;
import dev.pagos.support.Orders;
import dev.pagos.support.PaymentsWayFake;
import dev.pagos.support.PushClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A plan bought with PaymentsWay, end to end through the functions as deployed, against PostgreSQL and PaymentsWay's
 * contract at the HTTP boundary (WireMock): the form page, checksum-verified notifications that grant only what the
 * ClientAPI confirms, the 200/201 answers, PaymentsWay down or slow, reconciliation by our order id, and refunds.
 */
@QuarkusTest
@QuarkusTestResource(value = PaymentsWayFake.class, restrictToAnnotatedClass = true)
class PaymentsWayPurchaseFlowTest {

    private static final Duration PUSH_WAIT = Duration.ofSeconds(10);
    /** business 99 + comentarios 29 (ventas free) = 128.00 USD x 4000 = 512,000 COP. */
    private static final String PURCHASE = """
            {"provider":"paymentsway","plan":"business","freeAssistant":"ventas","paidAssistants":["comentarios"],
             "period":"monthly","workspaceId":"ws-pw"}""";
    private static final long AMOUNT = 51_200_000;
    private static final long PESOS = AMOUNT / 100;

    @Inject
    ExchangeRates rates;

    @Inject
    OrderPayments orderPayments;

    @Inject
    @Named(Routes.ORDERS_RECONCILE)
    RequestHandler<Map<String, Object>, Map<String, Object>> reconcile;

    @BeforeEach
    void freshRate() {
        PaymentsWayFake.rateIs("{\"base\":\"USD\",\"rates\":{\"COP\":4000}}");
        rates.forget();
    }

    private static UUID place() {
        return UUID.fromString(Api.as("pw-buyer-" + UUID.randomUUID()).body(PURCHASE).post("/orders").then()
                .statusCode(201).extract().path("orderId"));
    }

    private static long entitlements(UUID orderId) {
        return Database.count("SELECT count(*) FROM entitlements WHERE order_id = ? AND revoked_at IS NULL", orderId);
    }

    @Test
    void theCheckoutLinkAndQrCodeOpenOurPageWhichPostsTheFormWithOurOrderIdAndWholePesos() throws Exception {
        JsonPath created = Api.as("pw-buyer-" + UUID.randomUUID()).body(PURCHASE).post("/orders").then().statusCode(201)
                .body("provider", equalTo("paymentsway")).body("status", equalTo("PENDING"))
                .body("amount", equalTo((int) AMOUNT)).body("currency", equalTo("COP"))
                .extract().jsonPath();
        String orderId = created.getString("orderId");
        String link = PaymentsWayFake.PAGE_BASE + "/checkout/paymentsway/" + orderId;
        assertEquals(link, created.getString("checkout.url"));
        assertEquals(link, created.getString("approveUrl"));
        assertNull(created.get("checkout.widget"));
        assertEquals(link, PaypalPurchaseFlowTest.decodeQr(created.getString("qrCode")));

        String page = Api.anonymous().get("/checkout/paymentsway/" + orderId).then().statusCode(200)
                .header("content-type", containsString("text/html"))
                .header("cache-control", "no-store")
                .header("content-security-policy", containsString("form-action https://merchantpruebas.vepay.com.co;"))
                .body(containsString("action=\"https://merchantpruebas.vepay.com.co/cartaspago/redirect\""))
                .body(containsString("name=\"merchant_id\" value=\"" + PaymentsWayFake.MERCHANT_ID + "\""))
                .body(containsString("name=\"form_id\" value=\"" + PaymentsWayFake.FORM_ID + "\""))
                .body(containsString("name=\"terminal_id\" value=\"" + PaymentsWayFake.TERMINAL_ID + "\""))
                .body(containsString("name=\"order_number\" value=\"" + orderId + "\""))
                .body(containsString("name=\"amount\" value=\"" + PESOS + "\""))
                .body(containsString("name=\"currency\" value=\"COP\""))
                // What the buyer reads: pesos as the demo page writes them.
                .body(containsString("COP 512.000"))
                .body(containsString("name=\"response_url\" value=\"" + PaymentsWayFake.RESPONSE_URL + "?orderId=" + orderId + "\""))
                .body(containsString("name=\"client_email\""))
                .body(containsString("name=\"client_doctype\""))
                .extract().asString();
        // The API key is the checksum's secret: it never reaches a browser.
        assertTrue(!page.contains(PaymentsWayFake.API_KEY));

        Api.anonymous().get("/checkout/paymentsway/" + UUID.randomUUID()).then().statusCode(404)
                .header("content-type", containsString("text/html"));
        Api.anonymous().get("/checkout/paymentsway/not-an-id").then().statusCode(404);
        // Once the order cannot be paid any more, neither can its page.
        Api.as(Orders.order(UUID.fromString(orderId)).userId).post("/orders/" + orderId + "/cancel").then().statusCode(200);
        Api.anonymous().get("/checkout/paymentsway/" + orderId).then().statusCode(404);
    }

    @Test
    void aSuccessConfirmedThroughTheApiCompletesGrantsOnceAndIsAnswered200() throws Exception {
        String buyer = "pw-buyer-" + UUID.randomUUID();
        try (PushClient browser = PushClient.connect(buyer)) {
            UUID orderId = UUID.fromString(Api.as(buyer).body(PURCHASE).post("/orders").then().statusCode(201)
                    .extract().path("orderId"));
            String id = PaymentsWayFake.newTransactionId();

            // Pending first: 201, nothing granted.
            PaymentsWayFake.transaction(id, 35, PESOS, orderId.toString());
            PaymentsWayFake.deliver(PaymentsWayFake.notification(id, 35, PESOS, orderId.toString()))
                    .then().statusCode(201).body("result", equalTo("PROCESSED"));
            assertEquals(OrderStatus.PENDING, Orders.status(orderId));

            PaymentsWayFake.transaction(id, 34, PESOS, orderId.toString());
            String success = PaymentsWayFake.notification(id, 34, PESOS, orderId.toString());
            PaymentsWayFake.deliver(success).then().statusCode(200).body("result", equalTo("PROCESSED"))
                    .body("eventId", equalTo(id + ":34"));
            JsonNode completed = browser.nextEvent("payment_completed", PUSH_WAIT);
            assertNotNull(completed, "payment_completed pushed");
            assertEquals(OrderStatus.COMPLETED, Orders.status(orderId));
            assertEquals(List.of("null->PENDING", "PENDING->COMPLETED"), Orders.trail(orderId));
            assertEquals(3, entitlements(orderId));
            assertEquals(id, Orders.order(orderId).providerOrderId);
            PaymentsWayFake.server().verify(getRequestedFor(urlPathEqualTo("/ClientAPI/ObtenerTransaccion"))
                    .withQueryParam("id", WireMock.equalTo(id)).withHeader("Authorization", WireMock.equalTo(PaymentsWayFake.API_KEY)));

            // PaymentsWay repeats itself: the same notice again is a duplicate, still answered as a success.
            PaymentsWayFake.deliver(success).then().statusCode(200).body("result", equalTo("DUPLICATE"));
            // A late repeat of the "pending" notice cannot move it back; a repeat is answered by its own status.
            PaymentsWayFake.deliver(PaymentsWayFake.notification(id, 35, PESOS, orderId.toString())).then().statusCode(201)
                    .body("result", equalTo("DUPLICATE"));
            assertEquals(OrderStatus.COMPLETED, Orders.status(orderId));
            assertEquals(3, entitlements(orderId));
        }
    }

    @Test
    void aNotificationClaimingSuccessIsNotBelievedWhenTheApiSaysPending() {
        UUID orderId = place();
        String id = PaymentsWayFake.newTransactionId();
        PaymentsWayFake.transaction(id, 35, PESOS, orderId.toString());
        PaymentsWayFake.deliver(PaymentsWayFake.notification(id, 34, PESOS, orderId.toString()))
                .then().statusCode(201);
        assertEquals(OrderStatus.PENDING, Orders.status(orderId));
        assertEquals(0, entitlements(orderId));
    }

    @Test
    void forgedOrUnsignedNotificationsAre401AndWriteNothing() {
        UUID orderId = place();
        String id = PaymentsWayFake.newTransactionId();
        PaymentsWayFake.transaction(id, 34, PESOS, orderId.toString());
        String order = orderId.toString();
        List<String> forged = List.of(
                // signed with another key
                PaymentsWayFake.notification(id, 34, "amount", Long.toString(PESOS), order,
                        PaymentsWayFake.checksum(Long.toString(PESOS), order, "guessed-key")),
                // signed for another amount than it carries
                PaymentsWayFake.notification(id, 34, "amount", Long.toString(PESOS), order,
                        PaymentsWayFake.checksum("1", order, PaymentsWayFake.API_KEY)),
                // signed for another order
                PaymentsWayFake.notification(id, 34, "amount", Long.toString(PESOS), order,
                        PaymentsWayFake.checksum(Long.toString(PESOS), UUID.randomUUID().toString(), PaymentsWayFake.API_KEY)),
                // no checksum at all
                PaymentsWayFake.notification(id, 34, "amount", Long.toString(PESOS), order, null),
                // amount and ammount disagree
                PaymentsWayFake.notification(id, 34, "amount", Long.toString(PESOS), order,
                        PaymentsWayFake.checksum(Long.toString(PESOS), order, PaymentsWayFake.API_KEY))
                        .replace("\"idmerchant\"", "\"ammount\":1,\"idmerchant\""));
        for (String body : forged) {
            PaymentsWayFake.deliver(body).then().statusCode(401).body("error.code", equalTo("INVALID_SIGNATURE"));
        }
        // Not one strict JSON object (as for every provider): malformed input, before anything is read or written.
        String signed = PaymentsWayFake.notification(id, 34, "amount", Long.toString(PESOS), order,
                PaymentsWayFake.checksum(Long.toString(PESOS), order, PaymentsWayFake.API_KEY));
        int end = signed.lastIndexOf('}');
        for (String body : List.of("not json", "[]", signed + " trailing",
                signed.substring(0, end) + ",\"externalorder\":\"" + UUID.randomUUID() + "\"}")) {
            PaymentsWayFake.deliver(body).then().statusCode(400).body("error.code", equalTo("INVALID_REQUEST"));
        }
        assertEquals(0, Orders.inboxSizeLike(id));
        assertEquals(OrderStatus.PENDING, Orders.status(orderId));
        assertEquals(0, entitlements(orderId));
    }

    @ParameterizedTest
    @CsvSource({
            "amount, PLAIN, PLAIN",       // the JSON number, signed as JavaScript prints it
            "ammount, PLAIN, PLAIN",      // the other attested key
            "amount, PLAIN, DECIMALS",    // signed with two decimals
            "amount, DECIMALS, PLAIN",    // sent with two decimals, signed as printed
            "amount, STRING, PLAIN",      // sent as a string
    })
    void everyAttestedAmountVariantVerifies(String key, String sent, String signed) {
        UUID orderId = place();
        String id = PaymentsWayFake.newTransactionId();
        PaymentsWayFake.transaction(id, 34, PESOS, orderId.toString());
        String amountJson = switch (sent) {
            case "PLAIN" -> Long.toString(PESOS);
            case "DECIMALS" -> PESOS + ".00";
            default -> "\"" + PESOS + "\"";
        };
        String amountSigned = signed.equals("PLAIN") ? Long.toString(PESOS) : PESOS + ".00";
        PaymentsWayFake.deliver(PaymentsWayFake.notification(id, 34, key, amountJson, orderId.toString(),
                PaymentsWayFake.checksum(amountSigned, orderId.toString(), PaymentsWayFake.API_KEY)))
                .then().statusCode(200);
        assertEquals(OrderStatus.COMPLETED, Orders.status(orderId));
    }

    @Test
    void aSignedNotificationReroutedToAnotherTransactionChangesNothing() {
        UUID victim = place();
        UUID other = place();
        // The other order's paid transaction, named in a notification signed for the victim's order.
        String othersTransaction = PaymentsWayFake.newTransactionId();
        PaymentsWayFake.transaction(othersTransaction, 34, PESOS, other.toString());
        PaymentsWayFake.deliver(PaymentsWayFake.notification(othersTransaction, 34, PESOS, victim.toString()))
                .then().statusCode(org.hamcrest.Matchers.either(equalTo(200)).or(equalTo(201)));
        assertEquals(OrderStatus.PENDING, Orders.status(victim));
        assertEquals(0, entitlements(victim));
        assertNull(Orders.order(victim).providerOrderId);
    }

    @ParameterizedTest
    @CsvSource({"1, COP", "'\"512000.50\"', COP", "512000, USD"})
    void aConfirmedPaymentOfAnotherAmountOrCurrencyGrantsNothingAndIsHeldForReview(String apiAmount, String currency) {
        UUID orderId = place();
        String id = PaymentsWayFake.newTransactionId();
        PaymentsWayFake.transaction(id, 34, apiAmount, currency, orderId.toString());
        PaymentsWayFake.deliver(PaymentsWayFake.notification(id, 34, PESOS, orderId.toString())).then().statusCode(200);
        assertEquals(OrderStatus.NEEDS_REVIEW, Orders.status(orderId));
        assertEquals(0, entitlements(orderId));
    }

    @ParameterizedTest
    @CsvSource({"36, FAILED", "38, FAILED", "40, PENDING", "1, PENDING"})
    void otherStatusesAreAnswered201(int statusId, OrderStatus expected) {
        UUID orderId = place();
        String id = PaymentsWayFake.newTransactionId();
        PaymentsWayFake.transaction(id, statusId, PESOS, orderId.toString());
        PaymentsWayFake.deliver(PaymentsWayFake.notification(id, statusId, PESOS, orderId.toString()))
                .then().statusCode(201).body("result", equalTo("PROCESSED"));
        assertEquals(expected, Orders.status(orderId));
        assertEquals(0, entitlements(orderId));
    }

    @Test
    void cashPendingThenPaidCompletes() {
        UUID orderId = place();
        String id = PaymentsWayFake.newTransactionId();
        PaymentsWayFake.transaction(id, 40, PESOS, orderId.toString());
        PaymentsWayFake.deliver(PaymentsWayFake.notification(id, 40, PESOS, orderId.toString())).then().statusCode(201);
        PaymentsWayFake.transaction(id, 34, PESOS, orderId.toString());
        PaymentsWayFake.deliver(PaymentsWayFake.notification(id, 34, PESOS, orderId.toString())).then().statusCode(200);
        assertEquals(OrderStatus.COMPLETED, Orders.status(orderId));
        assertEquals(3, entitlements(orderId));
    }

    @Test
    void paymentsWayDownLeavesTheOrderAsItWasAndTheRedeliveryGrantsOnce() {
        UUID orderId = place();
        String id = PaymentsWayFake.newTransactionId();
        String success = PaymentsWayFake.notification(id, 34, PESOS, orderId.toString());
        PaymentsWayFake.transactionAnswers(id, 503);
        PaymentsWayFake.deliver(success).then().statusCode(503).body("error.code", equalTo("PROVIDER_UNAVAILABLE"));
        assertEquals(OrderStatus.PENDING, Orders.status(orderId));
        assertEquals(0, entitlements(orderId));

        PaymentsWayFake.transaction(id, 34, PESOS, orderId.toString());
        PaymentsWayFake.deliver(success).then().statusCode(200).body("result", equalTo("PROCESSED"));
        PaymentsWayFake.deliver(success).then().statusCode(200).body("result", equalTo("DUPLICATE"));
        assertEquals(OrderStatus.COMPLETED, Orders.status(orderId));
        assertEquals(3, entitlements(orderId));
    }

    @Test
    void aSlowPaymentsWayIsGivenUpOnInBoundedTimeAndGrantsNothingUntilItAnswers() {
        UUID orderId = place();
        String id = PaymentsWayFake.newTransactionId();
        String success = PaymentsWayFake.notification(id, 34, PESOS, orderId.toString());
        PaymentsWayFake.transactionSlow(id, 5_000, PESOS, orderId.toString());
        long started = System.nanoTime();
        PaymentsWayFake.deliver(success).then().statusCode(503);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        // Three attempts of at most the 1 s timeout each, and short back-offs: far from the 5 s PaymentsWay takes.
        assertTrue(tookMillis < 4_500, "answered after " + tookMillis + " ms");
        assertEquals(OrderStatus.PENDING, Orders.status(orderId));
        assertEquals(0, entitlements(orderId));

        PaymentsWayFake.transaction(id, 34, PESOS, orderId.toString());
        PaymentsWayFake.deliver(success).then().statusCode(200);
        assertEquals(OrderStatus.COMPLETED, Orders.status(orderId));
        assertEquals(3, entitlements(orderId));
    }

    @SuppressWarnings("unchecked")
    private List<String> reconcileNow(UUID orderId) {
        Database.execute("UPDATE orders SET updated_at = now() - interval '15 minutes', last_checked_at = NULL WHERE id = ?",
                orderId);
        Map<String, Object> report = reconcile.handleRequest(Map.of("source", "aws.events"), null);
        return ((List<String>) report.get("outcomes")).stream().filter(o -> o.contains(orderId.toString())).toList();
    }

    @Test
    void reconciliationFindsALostPaymentByOurOrderIdAndCompletesIt() {
        UUID orderId = place();
        String declined = PaymentsWayFake.newTransactionId();
        String paid = PaymentsWayFake.newTransactionId();
        PaymentsWayFake.transactionsOfOrder(orderId.toString(),
                PaymentsWayFake.transactionJson(declined, 36, Long.toString(PESOS), "COP", orderId.toString(), "2026-12-04T10:00:00Z"),
                PaymentsWayFake.transactionJson(paid, 34, Long.toString(PESOS), "COP", orderId.toString(), "2026-12-04T10:05:00Z"),
                // another order's transaction, whatever the filter returned
                PaymentsWayFake.transactionJson(PaymentsWayFake.newTransactionId(), 34, Long.toString(PESOS), "COP",
                        UUID.randomUUID().toString(), "2026-12-04T10:06:00Z"));

        List<String> outcomes = reconcileNow(orderId);

        assertEquals(1, outcomes.size(), outcomes.toString());
        assertEquals(OrderStatus.COMPLETED, Orders.status(orderId));
        assertEquals(paid, Orders.order(orderId).providerOrderId);
        assertEquals(3, entitlements(orderId));
        PaymentsWayFake.server().verify(getRequestedFor(urlPathEqualTo("/ClientAPI/ObtenerTransaccionByExternalOrder"))
                .withQueryParam("external_order", WireMock.equalTo(orderId.toString()))
                .withHeader("Authorization", WireMock.equalTo(PaymentsWayFake.API_KEY)));
    }

    @Test
    void aRefundReversesOnceThroughTheApiAndRevokesOnce() {
        UUID orderId = place();
        String id = PaymentsWayFake.newTransactionId();
        String scenario = "refund-" + id;
        var server = PaymentsWayFake.server();
        server.stubFor(PaymentsWayFake.read(id).inScenario(scenario).whenScenarioStateIs(STARTED)
                .willReturn(PaymentsWayFake.json(200, PaymentsWayFake.transactionJson(id, 34, Long.toString(PESOS), "COP",
                        orderId.toString(), "2026-12-04T10:00:00Z"))));
        server.stubFor(PaymentsWayFake.reversal().withRequestBody(equalToJson("{\"idTransaction\":\"" + id + "\"}"))
                .inScenario(scenario).whenScenarioStateIs(STARTED).willSetStateTo("reversed")
                .willReturn(PaymentsWayFake.json(200, "{\"status\":true}")));
        server.stubFor(PaymentsWayFake.read(id).inScenario(scenario).whenScenarioStateIs("reversed")
                .willReturn(PaymentsWayFake.json(200, PaymentsWayFake.transactionJson(id, 39, Long.toString(PESOS), "COP",
                        orderId.toString(), "2026-12-04T10:00:00Z"))));
        PaymentsWayFake.deliver(PaymentsWayFake.notification(id, 34, PESOS, orderId.toString())).then().statusCode(200);
        assertEquals(3, entitlements(orderId));

        assertEquals(OrderStatus.REFUNDED, orderPayments.refund(orderId, "admin-1", "buyer asked").status);
        assertEquals(OrderStatus.REFUNDED, orderPayments.refund(orderId, "admin-1", "buyer asked again").status);
        // PaymentsWay's own notice of the refund changes nothing more.
        PaymentsWayFake.deliver(PaymentsWayFake.notification(id, 39, PESOS, orderId.toString())).then().statusCode(201);

        server.verify(1, postRequestedFor(urlEqualTo("/ClientAPI/ReversarTransaccion")).withRequestBody(
                equalToJson("{\"idTransaction\":\"" + id + "\"}")));
        assertEquals(OrderStatus.REFUNDED, Orders.status(orderId));
        assertEquals(List.of("null->PENDING", "PENDING->COMPLETED", "COMPLETED->REFUNDED"), Orders.trail(orderId));
        assertEquals(0, entitlements(orderId));
        assertTrue(Orders.transitions(orderId).stream().anyMatch(t -> "refund:admin-1".equals(t.cause)),
                "the refund is audited with who did it");
    }

    @Test
    void anUnpaidOrderCannotBeRefunded() {
        UUID orderId = place();
        PagosException refused = assertThrows(PagosException.class,
                () -> orderPayments.refund(orderId, "admin-1", "mistake"));
        assertEquals(ErrorCode.ORDER_NOT_REFUNDABLE, refused.code());
    }
}
