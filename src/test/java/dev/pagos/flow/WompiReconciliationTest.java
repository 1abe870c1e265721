package dev.pagos.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.pagos.exchange.ExchangeRates;
import dev.pagos.function.Routes;
import dev.pagos.order.OrderStatus;
import dev.pagos.support.Api;
import dev.pagos.support.Database;
import dev.pagos.support.Orders;
import dev.pagos.support.WompiFake;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Wompi orders whose transaction id we never learned: the buyer paid, but the event and the redirect were lost (or
 * the event came too late and was refused). The reconciliation job finds the transaction by our reference
 * (GET /transactions?reference=, private key; WireMock here) and moves the order exactly as the event would have.
 */
@QuarkusTest
@QuarkusTestResource(WompiFake.class)
class WompiReconciliationTest {

    private static final String PURCHASE = """
            {"provider":"wompi","plan":"business","freeAssistant":"ventas","paidAssistants":["comentarios"],
             "period":"monthly","workspaceId":"ws-rec"}""";

    @Inject
    @Named(Routes.ORDERS_RECONCILE)
    RequestHandler<Map<String, Object>, Map<String, Object>> reconcile;

    @Inject
    ExchangeRates rates;

    private UUID orderId;
    private long amount;

    @BeforeEach
    void placeOrder() {
        WompiFake.copPerUsdIs(4000, rates);
        var created = Api.as("wompi-rec-" + UUID.randomUUID()).body(PURCHASE).post("/orders").then().statusCode(201)
                .extract().jsonPath();
        orderId = UUID.fromString(created.getString("orderId"));
        amount = created.getLong("amount");
    }

    private void ageOrder(String interval) {
        // Also as if the last run had not just checked it.
        Database.execute("UPDATE orders SET updated_at = now() - CAST(? AS interval), created_at = now() - CAST(? AS interval), "
                + "last_checked_at = NULL WHERE id = ?", interval, interval, orderId);
    }

    private String transaction(String id, String status, long cents, String reference, String createdAt) {
        return WompiFake.transactionJson(id, status, cents, "COP", reference, createdAt);
    }

    @SuppressWarnings("unchecked")
    private List<String> reconcileNow() {
        Map<String, Object> report = reconcile.handleRequest(Map.of("source", "aws.events"), null);
        return ((List<String>) report.get("outcomes")).stream().filter(o -> o.contains(orderId.toString())).toList();
    }

    private long entitlements() {
        return Database.count("SELECT count(*) FROM entitlements WHERE order_id = ?", orderId);
    }

    private String providerOrderId() {
        return Orders.onlyOrderOf(ownerOf(orderId)).providerOrderId;
    }

    private static String ownerOf(UUID orderId) {
        return Orders.order(orderId).userId;
    }

    @Test
    void aPaymentWhoseEventAndRedirectWereLostIsFoundByReferenceAndCompletes() {
        String transactionId = WompiFake.newTransactionId();
        WompiFake.transactionsOfReference(orderId.toString(),
                transaction(transactionId, "APPROVED", amount, orderId.toString(), "2024-01-01T00:00:00.000Z"));
        ageOrder("15 minutes");

        List<String> outcomes = reconcileNow();

        assertEquals(1, outcomes.size(), outcomes.toString());
        assertEquals(OrderStatus.COMPLETED, Orders.status(orderId));
        assertEquals(List.of("null->PENDING", "PENDING->COMPLETED"), Orders.trail(orderId));
        assertEquals(3, entitlements());
        // The order now knows its payment, as if the event had come.
        assertEquals(transactionId, providerOrderId());
        WompiFake.server().verify(getRequestedFor(urlPathEqualTo("/v1/transactions"))
                .withQueryParam("reference", equalTo(orderId.toString()))
                .withHeader("Authorization", equalTo("Bearer " + WompiFake.PRIVATE_KEY)));
        // A second run has nothing left to do.
        ageOrder("15 minutes");
        assertTrue(reconcileNow().isEmpty());
        assertEquals(3, entitlements());
    }

    @Test
    void aLateEventRefusedForItsAgeIsMadeGoodByTheReconciliation() {
        String transactionId = WompiFake.newTransactionId();
        WompiFake.transaction(transactionId, "APPROVED", amount, "COP", orderId.toString());
        WompiFake.deliver(WompiFake.event(transactionId, "APPROVED", amount, orderId.toString(), WompiFake.now() - 3600))
                .then().statusCode(401);
        assertEquals(OrderStatus.PENDING, Orders.status(orderId));

        WompiFake.transactionsOfReference(orderId.toString(),
                transaction(transactionId, "APPROVED", amount, orderId.toString(), "2024-01-01T00:00:00.000Z"));
        ageOrder("15 minutes");
        reconcileNow();

        assertEquals(OrderStatus.COMPLETED, Orders.status(orderId));
        assertEquals(3, entitlements());
    }

    @Test
    void aDeclinedAttemptThenAPaidOneCompletesWithThePaidOne() {
        String declined = WompiFake.newTransactionId();
        String paid = WompiFake.newTransactionId();
        WompiFake.transactionsOfReference(orderId.toString(),
                transaction(paid, "APPROVED", amount, orderId.toString(), "2024-01-01T00:05:00.000Z"),
                transaction(declined, "DECLINED", amount, orderId.toString(), "2024-01-01T00:06:00.000Z"));
        ageOrder("15 minutes");

        reconcileNow();

        assertEquals(OrderStatus.COMPLETED, Orders.status(orderId));
        assertEquals(paid, providerOrderId());
    }

    @Test
    void onlyADeclinedAttemptFailsTheOrderAsTheEventWould() {
        WompiFake.transactionsOfReference(orderId.toString(),
                transaction(WompiFake.newTransactionId(), "DECLINED", amount, orderId.toString(), "2024-01-01T00:00:00.000Z"));
        ageOrder("15 minutes");

        reconcileNow();

        assertEquals(OrderStatus.FAILED, Orders.status(orderId));
        assertEquals("failed", Api.as(ownerOf(orderId)).get("/orders/" + orderId).then().statusCode(200)
                .extract().path("displayStatus"));
        assertEquals(0, entitlements());
    }

    @Test
    void aTransactionOfAnotherReferenceOrAmountGrantsNothing() {
        // A search that ignored its filter: another order's payment is not this order's.
        WompiFake.transactionsOfReference(orderId.toString(),
                transaction(WompiFake.newTransactionId(), "APPROVED", amount, UUID.randomUUID().toString(),
                        "2024-01-01T00:00:00.000Z"));
        ageOrder("15 minutes");
        reconcileNow();
        assertEquals(OrderStatus.PENDING, Orders.status(orderId));

        WompiFake.transactionsOfReference(orderId.toString(),
                transaction(WompiFake.newTransactionId(), "APPROVED", amount - 100, orderId.toString(),
                        "2024-01-01T00:00:00.000Z"));
        ageOrder("15 minutes");
        reconcileNow();
        assertEquals(OrderStatus.NEEDS_REVIEW, Orders.status(orderId));
        assertEquals(0, entitlements());
    }

    @Test
    void noPaymentForTheReferenceAndTooOldExpires() {
        WompiFake.transactionsOfReference(orderId.toString());
        ageOrder("15 minutes");
        reconcileNow();
        assertEquals(OrderStatus.PENDING, Orders.status(orderId), "young enough to still be paid");

        ageOrder("4 hours");
        reconcileNow();
        assertEquals(OrderStatus.FAILED, Orders.status(orderId));
        assertEquals("expired", Api.as(ownerOf(orderId)).get("/orders/" + orderId).then().statusCode(200)
                .extract().path("displayStatus"));
    }

    @Test
    void aSearchWompiRefusesKeepsTheExpiryAndOneItCannotAnswerLeavesTheOrderForTheNextRun() {
        WompiFake.transactionSearchAnswers(orderId.toString(), 503);
        ageOrder("4 hours");
        reconcileNow();
        // We could not ask: the buyer may have paid, so the order is not expired; the next run asks again.
        assertEquals(OrderStatus.PENDING, Orders.status(orderId));

        WompiFake.transactionSearchAnswers(orderId.toString(), 401);
        ageOrder("4 hours");
        reconcileNow();
        assertEquals(OrderStatus.FAILED, Orders.status(orderId));
    }
}
