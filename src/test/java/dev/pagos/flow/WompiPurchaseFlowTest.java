package dev.pagos.flow;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pagos.exchange.ExchangeRates;
import dev.pagos.order.OrderStatus;
import dev.pagos.provider.wompi.WompiSignatures;
import dev.pagos.support.Api;
import dev.pagos.support.Database;
import dev.pagos.support.Orders;
import dev.pagos.support.PushClient;
import dev.pagos.support.WompiFake;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Plans, assistants and add-ons paid through Wompi, end to end through the functions as deployed, against
 * PostgreSQL and Wompi's HTTP contract (WireMock). Rate 4000 COP/USD from the fake source unless a test says so.
 */
@QuarkusTest
@QuarkusTestResource(WompiFake.class)
class WompiPurchaseFlowTest {

    private static final Duration PUSH_WAIT = Duration.ofSeconds(10);
    /** business 99 + comentarios 29 (ventas free) + 2 bots 30 = 158.00 USD x 4000 = 632,000 COP. */
    private static final String PURCHASE = """
            {"provider":"wompi","plan":"business","freeAssistant":"ventas","paidAssistants":[2],
             "addons":[{"id":"bot","quantity":2,"botFlowId":"flow123"}],"period":"monthly","workspaceId":"ws-42"}""";
    private static final long AMOUNT = 63_200_000;

    @Inject
    ExchangeRates rates;

    @BeforeEach
    void freshRate() {
        WompiFake.copPerUsdIs(4000, rates);
    }

    private static UUID place(String buyer) {
        return UUID.fromString(Api.as(buyer).body(PURCHASE).post("/orders").then().statusCode(201)
                .extract().path("orderId"));
    }

    private static long entitlements(UUID orderId) {
        return Database.count("SELECT count(*) FROM entitlements WHERE order_id = ?", orderId);
    }

    @Test
    void aPlanPurchaseIsListedWithTheBuyersOrdersAndCanBeCancelled() {
        String buyer = "plan-buyer-" + UUID.randomUUID();
        UUID orderId = place(buyer);

        Api.as(buyer).get("/me/orders").then().statusCode(200)
                .body("orders[0].orderId", org.hamcrest.Matchers.equalTo(orderId.toString()))
                .body("orders[0].productId", org.hamcrest.Matchers.nullValue())
                .body("orders[0].productName", org.hamcrest.Matchers.notNullValue());
        Api.as(buyer).post("/orders/" + orderId + "/cancel").then().statusCode(200)
                .body("displayStatus", org.hamcrest.Matchers.equalTo("cancelled"));
        assertEquals(0, entitlements(orderId));
    }

    @Test
    void approvedEventCompletesTheOrderGrantsEachItemOnceAndPushesIt() throws Exception {
        String buyer = "wompi-buyer-" + UUID.randomUUID();
        try (PushClient browser = PushClient.connect(buyer)) {
            JsonPath created = Api.as(buyer).body(PURCHASE).post("/orders").then().statusCode(201)
                    .body("provider", equalTo("wompi"))
                    .body("status", equalTo("PENDING"))
                    .body("amount", equalTo((int) AMOUNT))
                    .body("currency", equalTo("COP"))
                    .body("exchangeRate", equalTo("4000"))
                    .body("exchangeRateOrigin", equalTo("source"))
                    .body("workspaceId", equalTo("ws-42"))
                    .body("quote.totalUsd", equalTo(15800))
                    .body("quote.totalCop", equalTo((int) AMOUNT))
                    .body("quote.lines.reference", equalTo(List.of("business", "ventas", "comentarios", "bot")))
                    .body("quote.lines.free", equalTo(List.of(false, true, false, false)))
                    .extract().jsonPath();
            String orderId = created.getString("orderId");
            java.util.Map<String, String> widget = created.getMap("checkout.widget");
            assertEquals(WompiFake.PUBLIC_KEY, widget.get("public-key"));
            assertEquals("COP", widget.get("currency"));
            assertEquals(Long.toString(AMOUNT), widget.get("amount-in-cents"));
            assertEquals(orderId, widget.get("reference"));
            assertEquals(WompiFake.REDIRECT_URL, widget.get("redirect-url"));
            assertEquals(WompiSignatures.integrity(orderId, AMOUNT, "COP", null, WompiFake.INTEGRITY_SECRET),
                    widget.get("signature:integrity"));
            String url = created.getString("checkout.url");
            assertEquals(url, created.getString("approveUrl"));
            org.hamcrest.MatcherAssert.assertThat(url, startsWith("https://checkout.wompi.co/p/?public-key=" + WompiFake.PUBLIC_KEY
                    + "&currency=COP&amount-in-cents=" + AMOUNT + "&reference=" + orderId + "&signature:integrity="));
            assertEquals(url, PaypalPurchaseFlowTest.decodeQr(created.getString("qrCode")));

            String transactionId = WompiFake.newTransactionId();
            WompiFake.transaction(transactionId, "APPROVED", AMOUNT, "COP", orderId);
            String event = WompiFake.event(transactionId, "APPROVED", AMOUNT, orderId, WompiFake.now());
            WompiFake.deliver(event).then().statusCode(200).body("result", equalTo("PROCESSED"));

            JsonNode completed = browser.nextEvent("payment_completed", PUSH_WAIT);
            assertNotNull(completed, "payment_completed pushed");
            assertEquals(orderId, completed.path("data").path("orderId").asText());
            assertEquals(AMOUNT, completed.path("data").path("amount").asLong());
            UUID id = UUID.fromString(orderId);
            assertEquals(OrderStatus.COMPLETED, Orders.status(id));
            assertEquals(List.of("null->PENDING", "PENDING->COMPLETED"), Orders.trail(id));
            assertEquals(4, entitlements(id));
            assertEquals(1, Database.count("SELECT count(*) FROM entitlements WHERE order_id = ? AND item_reference = 'bot'"
                    + " AND quantity = 2 AND bot_flow_id = 'flow123' AND workspace_id = 'ws-42' AND months = 1", id));

            // Wompi retries: the same event again changes nothing; a later PENDING event cannot move it back.
            WompiFake.deliver(event).then().statusCode(200).body("result", equalTo("DUPLICATE"));
            WompiFake.transaction(transactionId, "PENDING", AMOUNT, "COP", orderId);
            WompiFake.deliver(WompiFake.event(transactionId, "PENDING", AMOUNT, orderId, WompiFake.now() + 1))
                    .then().statusCode(200);
            assertEquals(OrderStatus.COMPLETED, Orders.status(id));
            assertEquals(4, entitlements(id));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"DECLINED", "ERROR", "VOIDED"})
    void declinedErroredOrVoidedPaymentsFailTheOrderAndGrantNothing(String status) {
        String buyer = "wompi-buyer-" + UUID.randomUUID();
        UUID orderId = place(buyer);
        String transactionId = WompiFake.newTransactionId();
        WompiFake.transaction(transactionId, status, AMOUNT, "COP", orderId.toString());
        WompiFake.deliver(WompiFake.event(transactionId, status, AMOUNT, orderId.toString(), WompiFake.now()))
                .then().statusCode(200).body("result", equalTo("PROCESSED"));
        assertEquals(OrderStatus.FAILED, Orders.status(orderId));
        assertEquals(0, entitlements(orderId));
    }

    @Test
    void aVoidAfterCompletionRefundsAndRevokes() {
        String buyer = "wompi-buyer-" + UUID.randomUUID();
        UUID orderId = place(buyer);
        String transactionId = WompiFake.newTransactionId();
        WompiFake.transaction(transactionId, "APPROVED", AMOUNT, "COP", orderId.toString());
        WompiFake.deliver(WompiFake.event(transactionId, "APPROVED", AMOUNT, orderId.toString(), WompiFake.now())).then().statusCode(200);
        WompiFake.transaction(transactionId, "VOIDED", AMOUNT, "COP", orderId.toString());
        WompiFake.deliver(WompiFake.event(transactionId, "VOIDED", AMOUNT, orderId.toString(), WompiFake.now() + 1)).then().statusCode(200);
        assertEquals(OrderStatus.REFUNDED, Orders.status(orderId));
        assertEquals(4, Database.count("SELECT count(*) FROM entitlements WHERE order_id = ? AND revoked_at IS NOT NULL",
                orderId));
    }

    @Test
    void anEventIsConfirmedWithWompisApiAndADifferentAmountGrantsNothing() {
        String buyer = "wompi-buyer-" + UUID.randomUUID();
        UUID orderId = place(buyer);
        String transactionId = WompiFake.newTransactionId();
        // The signed event says the order's amount; Wompi's record says less was paid.
        WompiFake.transaction(transactionId, "APPROVED", AMOUNT - 100, "COP", orderId.toString());
        WompiFake.deliver(WompiFake.event(transactionId, "APPROVED", AMOUNT, orderId.toString(), WompiFake.now())).then().statusCode(200);
        assertEquals(OrderStatus.NEEDS_REVIEW, Orders.status(orderId));
        assertEquals(0, entitlements(orderId));
    }

    @Test
    void forgedOrUnsignedEventsAre401AndWriteNothing() {
        String buyer = "wompi-buyer-" + UUID.randomUUID();
        UUID orderId = place(buyer);
        String transactionId = WompiFake.newTransactionId();
        WompiFake.transaction(transactionId, "APPROVED", AMOUNT, "COP", orderId.toString());
        long stamp = WompiFake.now();
        String signed = WompiFake.event(transactionId, "APPROVED", AMOUNT, orderId.toString(), stamp);
        long inbox = Orders.inboxSize();
        List<String> forgeries = List.of(
                // one signed property changed
                signed.replace("\"amount_in_cents\":" + AMOUNT, "\"amount_in_cents\":" + (AMOUNT + 1)),
                signed.replace("\"status\":\"APPROVED\"", "\"status\":\"DECLINED\""),
                // the timestamp changed
                signed.replace("\"timestamp\":" + stamp, "\"timestamp\":" + (stamp + 1)),
                // signed with another secret
                WompiFake.event(transactionId, "APPROVED", AMOUNT, orderId.toString(), stamp, "test_events_other"),
                // no checksum at all
                signed.replaceAll("\"checksum\":\"[0-9a-f]+\"", "\"checksum\":\"\""),
                // a property list that leaves the transaction id out
                signed.replace("\"transaction.id\",", ""));
        for (String forged : forgeries) {
            WompiFake.deliver(forged).then().statusCode(401).body("error.code", equalTo("INVALID_SIGNATURE"));
        }
        // Not an event at all: malformed input, as any request body.
        WompiFake.deliver("not json").then().statusCode(400).body("error.code", equalTo("INVALID_REQUEST"));
        // A wrong checksum header is not rescued by a right one in the body.
        Api.anonymous().header("X-Event-Checksum", "00" + "a".repeat(62)).body(signed).post("/webhooks/wompi")
                .then().statusCode(401);
        assertEquals(inbox, Orders.inboxSize());
        assertEquals(OrderStatus.PENDING, Orders.status(orderId));

        // The same event with its checksum in the header (upper case) is accepted.
        String checksum = signed.replaceAll("(?s).*\"checksum\":\"([0-9a-f]+)\".*", "$1");
        Api.anonymous().header("X-Event-Checksum", checksum.toUpperCase(java.util.Locale.ROOT))
                .body(signed.replace(checksum, "")).post("/webhooks/wompi").then().statusCode(200);
        assertEquals(OrderStatus.COMPLETED, Orders.status(orderId));
    }

    @Test
    void eventsOutsideTheTimestampToleranceAre401AndWriteNothing() {
        String buyer = "wompi-buyer-" + UUID.randomUUID();
        UUID orderId = place(buyer);
        String transactionId = WompiFake.newTransactionId();
        WompiFake.transaction(transactionId, "APPROVED", AMOUNT, "COP", orderId.toString());
        long inbox = Orders.inboxSize();
        long now = WompiFake.now();
        // Correctly signed, but captured long ago (a replay) or stamped in the future: the tolerance is 10 minutes.
        for (long stamp : new long[] {now - 3600, now - 11 * 60, now + 11 * 60, now + 3600, 0}) {
            WompiFake.deliver(WompiFake.event(transactionId, "APPROVED", AMOUNT, orderId.toString(), stamp))
                    .then().statusCode(401).body("error.code", equalTo("INVALID_SIGNATURE"));
        }
        // A timestamp that is not Unix seconds, signed as it stands.
        String checksum = WompiSignatures.eventChecksum(List.of(transactionId, "APPROVED", Long.toString(AMOUNT)),
                "yesterday", WompiFake.EVENTS_SECRET);
        WompiFake.deliver(WompiFake.event(transactionId, "APPROVED", AMOUNT, orderId.toString(), now)
                .replace("\"timestamp\":" + now, "\"timestamp\":\"yesterday\"")
                .replaceAll("\"checksum\":\"[0-9a-f]+\"", "\"checksum\":\"" + checksum + "\""))
                .then().statusCode(401);
        assertEquals(inbox, Orders.inboxSize());
        assertEquals(OrderStatus.PENDING, Orders.status(orderId));
        assertEquals(0, entitlements(orderId));

        // Within the tolerance (a delivery a few minutes late) it is accepted.
        WompiFake.deliver(WompiFake.event(transactionId, "APPROVED", AMOUNT, orderId.toString(), now - 5 * 60))
                .then().statusCode(200).body("result", equalTo("PROCESSED"));
        assertEquals(OrderStatus.COMPLETED, Orders.status(orderId));
    }

    @Test
    void theReturnPageConfirmsWithWompiAndNeverMovesAnOrderWrongly() {
        String buyer = "wompi-buyer-" + UUID.randomUUID();
        UUID orderId = place(buyer);
        String transactionId = WompiFake.newTransactionId();

        // Wompi still has it PENDING: the redirect alone completes nothing.
        WompiFake.transaction(transactionId, "PENDING", AMOUNT, "COP", orderId.toString());
        Api.as(buyer).get("/payments/wompi/" + transactionId).then().statusCode(200)
                .body("status", equalTo("PENDING")).body("orderId", equalTo(orderId.toString()));

        // Another buyer cannot read or move it; an unknown transaction is no payment.
        Api.as("someone-else").get("/payments/wompi/" + transactionId).then().statusCode(404)
                .body("error.code", equalTo("PAYMENT_NOT_FOUND"));
        WompiFake.transactionMissing("no-such-transaction");
        Api.as(buyer).get("/payments/wompi/no-such-transaction").then().statusCode(404);

        // A transaction for another reference or for a different amount does not complete this order.
        String foreign = WompiFake.newTransactionId();
        WompiFake.transaction(foreign, "APPROVED", AMOUNT, "COP", UUID.randomUUID().toString());
        Api.as(buyer).get("/payments/wompi/" + foreign).then().statusCode(404);
        assertEquals(OrderStatus.PENDING, Orders.status(orderId));

        WompiFake.transaction(transactionId, "APPROVED", AMOUNT, "COP", orderId.toString());
        Api.as(buyer).get("/payments/wompi/" + transactionId).then().statusCode(200)
                .body("status", equalTo("COMPLETED"))
                .body("amount", equalTo((int) AMOUNT))
                .body("workspaceId", equalTo("ws-42"))
                .body("quote.lines.reference", hasItems("business", "ventas", "comentarios", "bot"));
        assertEquals(4, entitlements(orderId));

        // A later redirect (or a stale transaction view) saying DECLINED moves nothing back.
        WompiFake.transaction(transactionId, "DECLINED", AMOUNT, "COP", orderId.toString());
        Api.as(buyer).get("/payments/wompi/" + transactionId).then().statusCode(200).body("status", equalTo("COMPLETED"));
        // Another approved transaction naming this order is not this order's payment.
        String second = WompiFake.newTransactionId();
        WompiFake.transaction(second, "APPROVED", AMOUNT, "COP", orderId.toString());
        Api.as(buyer).get("/payments/wompi/" + second).then().statusCode(200).body("status", equalTo("COMPLETED"));
        assertEquals(List.of("null->PENDING", "PENDING->COMPLETED"), Orders.trail(orderId));
        assertEquals(4, entitlements(orderId));
    }

    @Test
    void aRateSourceThatFailsOrTalksNonsenseFallsBackTo4200AndTheOrderSaysSo() {
        WompiFake.rateSourceDown();
        rates.forget();
        String buyer = "wompi-buyer-" + UUID.randomUUID();
        Api.as(buyer).body(PURCHASE).post("/orders").then().statusCode(201)
                .body("exchangeRate", equalTo("4200")).body("exchangeRateOrigin", equalTo("fallback"))
                .body("amount", equalTo(15800 * 42 * 100));
        UUID orderId = Orders.onlyOrderOf(buyer).id;
        assertEquals(1, Database.count("SELECT count(*) FROM orders WHERE id = ? AND exchange_rate = 4200"
                + " AND exchange_rate_origin = 'FALLBACK'", orderId));

        for (String nonsense : List.of("{\"rates\":{\"COP\":-3}}", "{\"rates\":{\"COP\":\"lots\"}}", "{\"rates\":{}}",
                "{\"rates\":{\"COP\":4.2}}", "<html>")) {
            WompiFake.rateIs(nonsense);
            rates.forget();
            Api.anonymous().body("{\"plan\":\"business\"}").post("/quotes").then().statusCode(200)
                    .body("exchangeRateOrigin", equalTo("fallback")).body("totalCop", equalTo(9900 * 42 * 100));
        }
    }

    @Test
    void quoteShowsTheBreakdownWithoutBuying() {
        long orders = Database.count("SELECT count(*) FROM orders");
        Api.anonymous().body("""
                {"plan":"business","freeAssistant":1,"paidAssistants":["marketing"],
                 "addons":[{"id":1,"quantity":2}],"period":"annual"}""").post("/quotes").then().statusCode(200)
                .body("plan", equalTo(118800)).body("assistants", equalTo(34800)).body("addons", equalTo(36000))
                .body("subtotalUsd", equalTo(189600)).body("discountUsd", equalTo(28440))
                .body("totalUsd", equalTo(161160)).body("annualSavingsUsd", equalTo(28440))
                .body("totalCop", equalTo(644_640_000)).body("exchangeRate", equalTo("4000"))
                .body("exchangeRateOrigin", equalTo("source")).body("lines.id", equalTo(List.of("business", "1", "4", "1")));
        assertEquals(orders, Database.count("SELECT count(*) FROM orders"));
    }

    @Test
    void catalogueListsPlansAssistantsAndAddonsByNumberAndReference() {
        Api.anonymous().get("/plans").then().statusCode(200).body("plans.id", hasItems("business", "business_lite"));
        Api.anonymous().get("/assistants").then().statusCode(200)
                .body("assistants.id", equalTo(List.of(1, 2, 3, 4)))
                .body("assistants.reference", equalTo(List.of("ventas", "comentarios", "carritos", "marketing")));
        Api.anonymous().get("/addons").then().statusCode(200)
                .body("addons.reference", equalTo(List.of("bot", "member", "webhooks")));
    }

    @Test
    void badSelectionsAreRefusedWithTheirOwnCodeAndWriteNothing() {
        String buyer = "wompi-buyer-" + UUID.randomUUID();
        record Case(String body, int status, String code) {
        }
        List<Case> cases = List.of(
                new Case("{\"provider\":\"wompi\",\"plan\":\"enterprise\"}", 404, "PLAN_NOT_FOUND"),
                new Case("{\"provider\":\"wompi\",\"plan\":\"business\",\"paidAssistants\":[\"robot\"]}", 404, "ASSISTANT_NOT_FOUND"),
                new Case("{\"provider\":\"wompi\",\"plan\":\"business\",\"paidAssistants\":[9]}", 404, "ASSISTANT_NOT_FOUND"),
                new Case("{\"provider\":\"wompi\",\"plan\":\"business\",\"addons\":[{\"id\":\"fax\"}]}", 404, "ADDON_NOT_FOUND"),
                new Case("{\"provider\":\"wompi\",\"plan\":\"business\",\"freeAssistant\":\"ventas\",\"paidAssistants\":[1]}",
                        400, "FREE_ASSISTANT_ALSO_PAID"),
                new Case("{\"provider\":\"wompi\",\"plan\":\"business\",\"addons\":[{\"id\":\"bot\",\"quantity\":1.5}]}", 400, "INVALID_REQUEST"),
                new Case("{\"provider\":\"wompi\",\"plan\":\"business\",\"addons\":[{\"id\":\"bot\",\"quantity\":2.0}]}", 400, "INVALID_REQUEST"),
                new Case("{\"provider\":\"wompi\",\"paidAssistants\":[2,\"comentarios\"]}", 400, "DUPLICATE_ITEM"),
                new Case("{\"provider\":\"wompi\",\"plan\":\"business\",\"addons\":[{\"id\":\"bot\",\"quantity\":0}]}", 400, "INVALID_QUANTITY"),
                new Case("{\"provider\":\"wompi\",\"plan\":\"business\",\"addons\":[{\"id\":\"member\",\"quantity\":100000}]}", 400, "INVALID_QUANTITY"),
                new Case("{\"provider\":\"wompi\",\"plan\":\"business\",\"addons\":[{\"id\":\"member\",\"botFlowId\":\"f\"}]}", 400, "INVALID_REQUEST"),
                new Case("{\"provider\":\"wompi\",\"paidAssistants\":[],\"addons\":[]}", 400, "EMPTY_PURCHASE"),
                new Case("{\"provider\":\"wompi\",\"addons\":[{\"id\":\"bot\"}]}", 400, "EMPTY_PURCHASE"),
                new Case("{\"provider\":\"wompi\",\"plan\":\"business\",\"period\":\"weekly\"}", 400, "INVALID_PERIOD"),
                new Case("{\"provider\":\"wompi\",\"plan\":\"business\",\"productId\":\"skyblock-odyssey\"}", 400, "INVALID_REQUEST"),
                new Case("{\"provider\":\"wompi\",\"productId\":\"skyblock-odyssey\"}", 422, "UNSUPPORTED_PROVIDER"),
                new Case("{\"provider\":\"bitcoin\",\"plan\":\"business\"}", 422, "UNSUPPORTED_PROVIDER"));
        for (Case c : cases) {
            Api.as(buyer).body(c.body()).post("/orders").then().statusCode(c.status()).body("error.code", equalTo(c.code()));
        }
        assertEquals(0, Database.count("SELECT count(*) FROM orders WHERE user_id = ?", buyer));
    }
}
