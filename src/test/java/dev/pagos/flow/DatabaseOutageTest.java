package dev.pagos.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagos.support.Api;
import dev.pagos.support.Database;
import dev.pagos.support.PaypalFake;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The database goes away under load (every application connection killed, new ones refused for two seconds, as
 * in a restart or a failover) and comes back: requests meanwhile fail cleanly with a JSON 503, nothing is
 * half-written, and the service recovers by itself.
 */
@QuarkusTest
class DatabaseOutageTest {

    @Test
    void requestsFailCleanlyDuringAnOutageAndTheServiceRecoversByItself() throws Exception {
        PaypalFake.resetStubs();
        String run = "outage-" + UUID.randomUUID().toString().substring(0, 8);
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger buyers = new AtomicInteger();
        ExecutorService load = Executors.newFixedThreadPool(6);
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            workers.add(load.submit(() -> {
                while (running.get()) {
                    String buyer = run + "-" + buyers.incrementAndGet();
                    Response r = Api.as(buyer).body("{\"productId\":\"create-industrial\",\"provider\":\"paypal\"}")
                            .post("/orders");
                    statuses.computeIfAbsent(r.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                    String code = r.path("error.code");
                    if (r.statusCode() != 201 && !(r.statusCode() == 503 && "DATABASE_UNAVAILABLE".equals(code))) {
                        unexpected.add(r.statusCode() + " " + r.asString());
                    }
                    Api.anonymous().get("/products").then().statusCode(org.hamcrest.Matchers.anyOf(
                            org.hamcrest.Matchers.is(200), org.hamcrest.Matchers.is(503)));
                }
                return null;
            }));
        }
        Thread.sleep(1000);
        try (Connection admin = Database.openBeside(); Statement sql = admin.createStatement()) {
            sql.execute("ALTER DATABASE postgres WITH ALLOW_CONNECTIONS false");
            sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'postgres' "
                    + "AND pid <> pg_backend_pid() AND backend_type = 'client backend'");
            Thread.sleep(2000);
            sql.execute("ALTER DATABASE postgres WITH ALLOW_CONNECTIONS true");
        }
        Thread.sleep(1500);
        running.set(false);
        for (Future<?> worker : workers) {
            worker.get();
        }
        load.shutdown();

        System.out.println("OUTAGE statuses " + statuses);
        assertTrue(unexpected.isEmpty(), "only 201 or a JSON 503 DATABASE_UNAVAILABLE: " + unexpected.subList(0,
                Math.min(5, unexpected.size())));
        assertTrue(statuses.containsKey(503), "the outage was felt: " + statuses);
        // Recovered by itself: the next requests succeed without a restart.
        Api.as(run + "-after").body("{\"productId\":\"create-industrial\",\"provider\":\"paypal\"}").post("/orders")
                .then().statusCode(201);
        // Nothing half-written: every order of the run has the first line of its trail.
        assertEquals(0, Database.count("SELECT count(*) FROM orders o WHERE o.user_id LIKE ? AND NOT EXISTS "
                + "(SELECT 1 FROM order_transitions t WHERE t.order_id = o.id)", run + "%"));
        assertTrue(Database.otherSessions().stream().noneMatch(s -> s.startsWith("idle in transaction")));
    }
}
