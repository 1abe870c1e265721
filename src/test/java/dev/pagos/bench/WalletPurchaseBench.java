package dev.pagos.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pagos.support.Api;
import dev.pagos.support.Wallets;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Not part of the suite (the name does not end in Test): sustained wallet purchases per second on one instance,
 * through the local API gateway (POST /orders with "provider": "wallet": order + debit + COMPLETED + grant in one
 * transaction), and the p50/p99 latency of one, with the ledger's invariant check at the end. Run with
 * {@code ./mvnw -o test -Dtest=WalletPurchaseBench -Dsurefire.failIfNoSpecifiedTests=false -Dquarkus.http.test-port=8111}
 * (sizes: -Dbench.buyers, -Dbench.purchases, -Dbench.clients). Figures in bench/RESULTS.md.
 */
@QuarkusTest
class WalletPurchaseBench {

    @Test
    void walletPurchases() throws Exception {
        int buyers = Integer.getInteger("bench.buyers", 20);
        int perBuyer = Integer.getInteger("bench.purchases", 50);
        int clients = Integer.getInteger("bench.clients", 8);
        long price = 100;
        List<String> products = new ArrayList<>();
        for (int i = 0; i < perBuyer; i++) {
            products.add(Wallets.product(price, "USD"));
        }
        List<String> names = new ArrayList<>();
        for (int b = 0; b < buyers; b++) {
            String buyer = "bench-" + UUID.randomUUID();
            names.add(buyer);
            Wallets.credit(buyer, "USD", price * perBuyer);
        }
        // Warm-up: one purchase per buyer, not measured.
        for (String buyer : names) {
            purchase(buyer, products.get(0));
        }
        List<Runnable> work = new ArrayList<>();
        for (String buyer : names) {
            for (int i = 1; i < perBuyer; i++) {
                String product = products.get(i);
                work.add(() -> purchase(buyer, product));
            }
        }
        Collections.shuffle(work);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long started = System.nanoTime();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (Runnable job : work) {
                done.add(pool.submit(() -> {
                    long t0 = System.nanoTime();
                    job.run();
                    latencies.add(System.nanoTime() - t0);
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        for (String buyer : names) {
            assertEquals(0, Wallets.balance(buyer, "USD"));
        }
        long checkStart = System.nanoTime();
        Wallets.assertSound();
        double checkMs = (System.nanoTime() - checkStart) / 1e6;
        System.out.printf("WALLET BENCH: %d purchases by %d clients in %.1f s = %.1f purchases/s; p50 %.1f ms, p99 %.1f ms;"
                + " invariant check %.0f ms, ok%n", sorted.size(), clients, seconds, sorted.size() / seconds,
                sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) (sorted.size() * 0.99)) / 1e6, checkMs);
    }

    private static void purchase(String buyer, String product) {
        Api.as(buyer).body("{\"productId\":\"" + product + "\",\"provider\":\"wallet\"}").post("/orders").then()
                .statusCode(201);
    }
}
