package dev.pagos.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import dev.pagos.order.OrderPayments;
import dev.pagos.order.OrderStatus;
import dev.pagos.support.Api;
import dev.pagos.support.Database;
import dev.pagos.support.Orders;
import dev.pagos.support.PaymentsWayFake;
import dev.pagos.support.Wallets;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Refunds that touch the wallet, through {@link OrderPayments#refund}: a wallet-paid order's price comes back to the
 * wallet once, in the transaction that makes it REFUNDED; a top-up's refund takes its money out of the wallet before
 * PaymentsWay (at its HTTP boundary) is asked, is refused with TOPUP_ALREADY_SPENT when part was spent, and is put back
 * when PaymentsWay refuses. The ledger stays sound throughout, under concurrency too.
 */
@QuarkusTest
@QuarkusTestResource(value = PaymentsWayFake.class, restrictToAnnotatedClass = true)
class WalletRefundTest {

    @Inject
    OrderPayments orderPayments;

    private String buyer;

    @BeforeEach
    void buyer() {
        buyer = "refund-buyer-" + UUID.randomUUID();
    }

    @Test
    void aWalletPaidOrderRefundedTwiceAtOnceCreditsTheWalletBackOnce() throws Exception {
        Wallets.credit(buyer, "USD", 5_000);
        String product = Wallets.product(1_999, "USD");
        UUID orderId = UUID.fromString(Api.as(buyer).body("{\"productId\":\"" + product + "\",\"provider\":\"wallet\"}")
                .post("/orders").then().statusCode(201).extract().path("orderId"));
        assertEquals(3_001, Wallets.balance(buyer, "USD"));

        List<OrderStatus> outcomes = ProviderCallStormTest.allAtOnce(8, () -> orderPayments.refund(orderId, "admin-1", "buyer asked").status);

        assertEquals(List.of(OrderStatus.REFUNDED), outcomes.stream().distinct().toList());
        assertEquals(5_000, Wallets.balance(buyer, "USD"));
        assertEquals(1, Database.count("SELECT count(*) FROM journal_entries WHERE order_id = ? AND kind = 'refund'", orderId));
        assertEquals(1, Database.count("SELECT count(*) FROM journal_entries WHERE order_id = ? AND kind = 'refund'"
                + " AND actor = 'refund:admin-1' AND reason = 'buyer asked'", orderId), "who and why are on the entry");
        assertEquals(0, Orders.activeAcquisitions(buyer));
        assertEquals(List.of("null->PENDING", "PENDING->COMPLETED", "COMPLETED->REFUNDED"), Orders.trail(orderId));
        Wallets.assertSound();
    }

    @Test
    void aRefundedTopUpLeavesTheWalletOnce() {
        Paid topUp = topUp(buyer, 5_000_000);
        refundable(topUp);
        assertEquals(5_000_000, Wallets.balance(buyer, "COP"));

        assertEquals(OrderStatus.REFUNDED, orderPayments.refund(topUp.orderId, "admin-1", "buyer asked").status);
        assertEquals(OrderStatus.REFUNDED, orderPayments.refund(topUp.orderId, "admin-1", "again").status);
        // PaymentsWay's own notice of the refund takes nothing more.
        PaymentsWayFake.deliver(PaymentsWayFake.notification(topUp.transactionId, 39, 50_000, topUp.orderId.toString()))
                .then().statusCode(201);

        assertEquals(0, Wallets.balance(buyer, "COP"));
        assertEquals(1, Database.count("SELECT count(*) FROM journal_entries WHERE order_id = ? AND kind = 'topup_refund'",
                topUp.orderId));
        PaymentsWayFake.server().verify(1, postRequestedFor(urlEqualTo("/ClientAPI/ReversarTransaccion"))
                .withRequestBody(equalToJson("{\"idTransaction\":\"" + topUp.transactionId + "\"}")));
        Wallets.assertSound();
    }

    @Test
    void aPartlySpentTopUpIsRefused409AndNothingChanges() {
        Paid topUp = topUp(buyer, 5_000_000);
        refundable(topUp);
        Api.as(buyer).body("{\"productId\":\"" + Wallets.product(1_000, "COP") + "\",\"provider\":\"wallet\"}")
                .post("/orders").then().statusCode(201);
        long entries = Wallets.entries(buyer);

        PagosException refused = assertThrows(PagosException.class,
                () -> orderPayments.refund(topUp.orderId, "admin-1", "buyer asked"));

        assertEquals(ErrorCode.TOPUP_ALREADY_SPENT, refused.code());
        assertEquals(409, refused.code().httpStatus());
        assertEquals(OrderStatus.COMPLETED, Orders.status(topUp.orderId));
        assertEquals(4_999_000, Wallets.balance(buyer, "COP"));
        assertEquals(entries, Wallets.entries(buyer));
        PaymentsWayFake.server().verify(0, postRequestedFor(urlEqualTo("/ClientAPI/ReversarTransaccion"))
                .withRequestBody(equalToJson("{\"idTransaction\":\"" + topUp.transactionId + "\"}")));
        assertEquals(0, Database.count("SELECT count(*) FROM orders WHERE id = ? AND claimed_until IS NOT NULL",
                topUp.orderId), "the refusal leaves no claim behind");
        Wallets.assertSound();
    }

    @Test
    void aRefundThePaymentProviderRefusesPutsTheMoneyBackAndCanBeTriedAgain() {
        Paid topUp = topUp(buyer, 3_000_000);
        PaymentsWayFake.server().stubFor(PaymentsWayFake.reversal()
                .withRequestBody(equalToJson("{\"idTransaction\":\"" + topUp.transactionId + "\"}"))
                .willReturn(PaymentsWayFake.json(400, "{\"message\":\"no\"}")));

        PagosException refused = assertThrows(PagosException.class,
                () -> orderPayments.refund(topUp.orderId, "admin-1", "buyer asked"));

        assertEquals(ErrorCode.PROVIDER_REJECTED, refused.code());
        assertEquals(OrderStatus.COMPLETED, Orders.status(topUp.orderId));
        assertEquals(3_000_000, Wallets.balance(buyer, "COP"));
        assertEquals(List.of("topup", "topup_refund", "refund_reversal"), Database.strings(
                "SELECT kind FROM journal_entries WHERE order_id = ? ORDER BY id", topUp.orderId));

        // PaymentsWay agrees the second time: a second refund attempt, posted under its own key.
        refundable(topUp);
        assertEquals(OrderStatus.REFUNDED, orderPayments.refund(topUp.orderId, "admin-1", "second try").status);
        assertEquals(0, Wallets.balance(buyer, "COP"));
        assertEquals(List.of("topup", "topup_refund", "refund_reversal", "topup_refund"), Database.strings(
                "SELECT kind FROM journal_entries WHERE order_id = ? ORDER BY id", topUp.orderId));
        Wallets.assertSound();
    }

    @Test
    void purchasesRacingATopUpRefundNeverTakeTheWalletBelowZero() throws Exception {
        Paid topUp = topUp(buyer, 2_000_000);
        refundable(topUp);
        List<String> products = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            products.add(Wallets.product(400_000, "COP"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(11);
        CountDownLatch start = new CountDownLatch(1);
        try {
            Future<String> refund = pool.submit(() -> {
                start.await();
                try {
                    return orderPayments.refund(topUp.orderId, "admin-1", "race").status.name();
                } catch (PagosException e) {
                    return e.code().name();
                }
            });
            List<Future<Integer>> purchases = new ArrayList<>();
            for (String product : products) {
                purchases.add(pool.submit(() -> {
                    start.await();
                    return Api.as(buyer).body("{\"productId\":\"" + product + "\",\"provider\":\"wallet\"}")
                            .post("/orders").then().extract().statusCode();
                }));
            }
            start.countDown();
            String refunded = refund.get();
            int paid = 0;
            for (Future<Integer> purchase : purchases) {
                int status = purchase.get();
                assertTrue(status == 201 || status == 402, "status " + status);
                paid += status == 201 ? 1 : 0;
            }
            long balance = Wallets.balance(buyer, "COP");
            if (refunded.equals("REFUNDED")) {
                // The refund took all of it first: no purchase could be paid.
                assertEquals(0, paid);
                assertEquals(0, balance);
            } else {
                // A purchase came first, so the refund was refused whole, and the wallet paid for five.
                assertEquals("TOPUP_ALREADY_SPENT", refunded);
                assertEquals(5, paid);
                assertEquals(0, balance);
                assertEquals(OrderStatus.COMPLETED, Orders.status(topUp.orderId));
            }
        } finally {
            pool.shutdownNow();
        }
        Wallets.assertSound();
    }

    private record Paid(UUID orderId, String transactionId) {
    }

    /** A COP top-up through PaymentsWay, completed on its confirmed payment. */
    private static Paid topUp(String buyer, long minor) {
        UUID orderId = UUID.fromString(Api.as(buyer).body("{\"topUp\":{\"amount\":" + minor
                + ",\"currency\":\"COP\"},\"provider\":\"paymentsway\"}").post("/orders").then().statusCode(201)
                .extract().path("orderId"));
        String id = PaymentsWayFake.newTransactionId();
        PaymentsWayFake.transaction(id, 34, minor / 100, orderId.toString());
        PaymentsWayFake.deliver(PaymentsWayFake.notification(id, 34, minor / 100, orderId.toString())).then().statusCode(200);
        assertEquals(OrderStatus.COMPLETED, Orders.status(orderId));
        return new Paid(orderId, id);
    }

    /** PaymentsWay reverses the transaction when asked, and shows it refunded (39) from then on. */
    private static void refundable(Paid paid) {
        String scenario = "refund-" + paid.transactionId + "-" + UUID.randomUUID();
        long pesos = Orders.order(paid.orderId).amountMinor / 100;
        var server = PaymentsWayFake.server();
        server.stubFor(PaymentsWayFake.read(paid.transactionId).inScenario(scenario).whenScenarioStateIs(STARTED)
                .willReturn(PaymentsWayFake.json(200, PaymentsWayFake.transactionJson(paid.transactionId, 34,
                        Long.toString(pesos), "COP", paid.orderId.toString(), "2026-12-04T10:00:00Z"))));
        server.stubFor(PaymentsWayFake.reversal().withRequestBody(equalToJson("{\"idTransaction\":\"" + paid.transactionId
                + "\"}")).inScenario(scenario).whenScenarioStateIs(STARTED).willSetStateTo("reversed")
                .willReturn(PaymentsWayFake.json(200, "{\"status\":true}")));
        server.stubFor(PaymentsWayFake.read(paid.transactionId).inScenario(scenario).whenScenarioStateIs("reversed")
                .willReturn(PaymentsWayFake.json(200, PaymentsWayFake.transactionJson(paid.transactionId, 39,
                        Long.toString(pesos), "COP", paid.orderId.toString(), "2026-12-04T10:00:00Z"))));
    }
}
