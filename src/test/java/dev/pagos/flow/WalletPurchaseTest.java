package dev.pagos.flow;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pagos.support.Api;
import dev.pagos.support.Database;
import dev.pagos.support.Wallets;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Paying from the wallet through POST /orders: at once, in one transaction with the grant, or 402 with nothing written. */
@QuarkusTest
class WalletPurchaseTest {

    private String buyer;

    @BeforeEach
    void buyer() {
        buyer = "wallet-buyer-" + UUID.randomUUID();
    }

    private static String body(String productId) {
        return "{\"productId\":\"" + productId + "\",\"provider\":\"wallet\"}";
    }

    @Test
    void aProductPaidFromTheWalletIsCompletedAndGrantedAtOnce() {
        Wallets.credit(buyer, "USD", 5_000);
        String product = Wallets.product(1_999, "USD");

        Api.as(buyer).body(body(product)).post("/orders").then().statusCode(201)
                .body("status", equalTo("COMPLETED")).body("provider", equalTo("wallet"))
                .body("amount", equalTo(1_999)).body("currency", equalTo("USD"));

        assertEquals(3_001, Wallets.balance(buyer, "USD"));
        assertEquals(1, Database.count("SELECT count(*) FROM acquisitions WHERE user_id = ? AND product_id = ?", buyer, product));
        assertEquals(1, Database.count("SELECT count(*) FROM journal_entries WHERE user_id = ? AND kind = 'purchase'", buyer));
        Api.as(buyer).body(body(product)).post("/orders").then().statusCode(409).body("error.code", equalTo("ALREADY_OWNED"));
        assertEquals(3_001, Wallets.balance(buyer, "USD"));
        Wallets.assertSound();
    }

    @Test
    void aBalanceThatDoesNotCoverItIs402AndWritesNothing() {
        Wallets.credit(buyer, "USD", 1_000);
        String product = Wallets.product(1_001, "USD");

        Api.as(buyer).body(body(product)).post("/orders").then().statusCode(402)
                .body("error.code", equalTo("INSUFFICIENT_FUNDS"));

        assertEquals(1_000, Wallets.balance(buyer, "USD"));
        assertEquals(0, Database.count("SELECT count(*) FROM orders WHERE user_id = ?", buyer));
        assertEquals(1, Wallets.entries(buyer));
        // No wallet at all in that currency is a balance of zero.
        Api.as(buyer).body(body(Wallets.product(500, "COP"))).post("/orders").then().statusCode(402);
        Wallets.assertSound();
    }

    @Test
    void fiftyConcurrentPurchasesAgainstABalanceForTenLeaveExactlyTenPaidAndZero() throws Exception {
        List<String> products = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            products.add(Wallets.product(700, "USD"));
        }
        Wallets.credit(buyer, "USD", 7_000);
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (String product : products) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return Api.as(buyer).body(body(product)).post("/orders").then().extract().statusCode();
                }));
            }
            start.countDown();
            int paid = 0;
            int refused = 0;
            for (Future<Integer> answer : answers) {
                int status = answer.get();
                if (status == 201) {
                    paid++;
                } else if (status == 402) {
                    refused++;
                } else {
                    throw new AssertionError("unexpected answer " + status);
                }
            }
            assertEquals(10, paid);
            assertEquals(40, refused);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, Wallets.balance(buyer, "USD"));
        assertEquals(10, Database.count("SELECT count(*) FROM orders WHERE user_id = ? AND status = 'COMPLETED'", buyer));
        assertEquals(0, Database.count("SELECT count(*) FROM orders WHERE user_id = ? AND status <> 'COMPLETED'", buyer));
        assertEquals(10, Database.count("SELECT count(*) FROM acquisitions WHERE user_id = ?", buyer));
        assertEquals(11, Wallets.entries(buyer));
        Wallets.assertSound();
    }

    @Test
    void aDoubleClickWithTheSameIdempotencyKeyPaysOnce() {
        Wallets.credit(buyer, "USD", 5_000);
        String product = Wallets.product(1_000, "USD");
        String key = "click-" + UUID.randomUUID();

        String first = Api.as(buyer).header("Idempotency-Key", key).body(body(product)).post("/orders").then()
                .statusCode(201).extract().path("orderId");
        String again = Api.as(buyer).header("Idempotency-Key", key).body(body(product)).post("/orders").then()
                .statusCode(201).header("Idempotent-Replayed", "true").extract().path("orderId");

        assertEquals(first, again);
        assertEquals(4_000, Wallets.balance(buyer, "USD"));
        assertEquals(1, Database.count("SELECT count(*) FROM journal_entries WHERE user_id = ? AND kind = 'purchase'", buyer));
        Wallets.assertSound();
    }

    @Test
    void aPlanPurchaseIsPaidFromTheCopWallet() {
        Wallets.credit(buyer, "COP", 100_000_000);
        String workspace = "ws-" + UUID.randomUUID();
        int amount = Api.as(buyer).body("{\"provider\":\"wallet\",\"plan\":\"business\",\"freeAssistant\":\"ventas\",\"paidAssistants\":[\"comentarios\"],\"period\":\"monthly\",\"workspaceId\":\""
                + workspace + "\"}").post("/orders").then().statusCode(201)
                .body("status", equalTo("COMPLETED")).body("currency", equalTo("COP")).extract().path("amount");

        assertEquals(100_000_000L - amount, Wallets.balance(buyer, "COP"));
        assertEquals(3, Database.count("SELECT count(*) FROM entitlements WHERE user_id = ? AND revoked_at IS NULL", buyer));
        Wallets.assertSound();
    }
}
