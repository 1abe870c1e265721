package dev.pagos.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import dev.pagos.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every wait on the database ends, and whatever a stuck unit of work held is given back. */
@QuarkusTest
class TransactionsTest {

    private static final int POOL_SIZE = 5;

    @Inject
    Pool pool;

    /** Writes a row, then never finishes: what a lost callback or a hung driver looks like from outside. */
    private static Uni<Object> writeThenHang(String connectionId) {
        return Sql.update("INSERT INTO ws_connections (connection_id, user_id, connected_at) VALUES ($1, 'stuck', $2)",
                        connectionId, Instant.now())
                .flatMap(inserted -> Uni.createFrom().nothing());
    }

    @Test
    @Timeout(60) // before waits were bounded, this test hung here
    void stuckWorkOnEveryPoolConnectionTimesOutRollsBackAndThePoolServesAgain() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(POOL_SIZE);
        List<Future<PagosException>> stuck = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < POOL_SIZE; i++) {
            String id = "stuck-" + UUID.randomUUID();
            ids.add(id);
            stuck.add(callers.submit(() -> assertThrows(PagosException.class,
                    () -> Transactions.inTransaction(() -> writeThenHang(id)))));
        }
        for (Future<PagosException> failure : stuck) {
            assertEquals(ErrorCode.DATABASE_UNAVAILABLE, failure.get().code());
        }
        callers.shutdown();
        long waitedMs = (System.nanoTime() - started) / 1_000_000;
        assertTrue(waitedMs < 12_000, "each caller gave up after the configured 6 s, not never: " + waitedMs + " ms");

        for (String id : ids) {
            assertEquals(0, Database.count("SELECT count(*) FROM ws_connections WHERE connection_id = ?", id),
                    "the stuck unit's write was rolled back");
        }
        long deadline = System.currentTimeMillis() + 10_000;
        while (Database.otherSessions().stream().anyMatch(s -> s.startsWith("idle in transaction"))
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(Database.otherSessions().stream().noneMatch(s -> s.startsWith("idle in transaction")),
                "no connection is left in a transaction: " + Database.otherSessions());
        // The pool serves again, with as many units of work as it has connections.
        for (int i = 0; i < POOL_SIZE * 2; i++) {
            assertEquals(0L, Transactions.inTransaction(
                    () -> Sql.count("SELECT count(*) FROM ws_connections WHERE user_id = $1", "stuck")));
        }
    }

    @Test
    void aTransactionLeftOpenByTheClientIsEndedByTheServer() throws Exception {
        // A connection whose client stopped talking mid-transaction, holding a row lock.
        String id = "abandoned-" + UUID.randomUUID();
        try (var jdbc = Database.open()) {
            jdbc.setAutoCommit(false);
            try (var statement = jdbc.prepareStatement(
                    "INSERT INTO ws_connections (connection_id, user_id, connected_at) VALUES (?, 'x', now())")) {
                statement.setString(1, id);
                statement.executeUpdate();
            }
            // The pool's own sessions carry the server-side limit; this one proves the limit is set on them.
            String limit = Transactions.autocommit(() -> Sql.first(
                    "SELECT current_setting('idle_in_transaction_session_timeout')", row -> row.getString(0)));
            assertEquals("3s", limit);
            String lockLimit = Transactions.autocommit(() -> Sql.first(
                    "SELECT current_setting('lock_timeout')", row -> row.getString(0)));
            assertEquals("5s", lockLimit);
            jdbc.rollback();
        }
    }

    @Test
    @Timeout(60)
    void aCallerThatGaveUpWhileWaitingForAConnectionLeavesNoConnectionBehind() throws Exception {
        // Every pool connection taken elsewhere, for longer than a caller waits.
        List<SqlConnection> held = new ArrayList<>();
        for (int i = 0; i < POOL_SIZE; i++) {
            held.add(pool.getConnection().await().atMost(Duration.ofSeconds(5)));
        }
        ExecutorService callers = Executors.newFixedThreadPool(POOL_SIZE);
        List<Future<PagosException>> waited = new ArrayList<>();
        for (int i = 0; i < POOL_SIZE; i++) {
            waited.add(callers.submit(() -> assertThrows(PagosException.class,
                    () -> Transactions.autocommit(() -> Sql.first("SELECT 1", row -> row.getInteger(0))))));
        }
        for (Future<PagosException> failure : waited) {
            assertEquals(ErrorCode.DATABASE_UNAVAILABLE, failure.get().code(), "the caller gave up after its wait");
        }
        // The connections come back to the pool, which hands them to the callers that gave up.
        for (SqlConnection connection : held) {
            connection.closeAndAwait();
        }
        // Every connection serves again: as many units at once as the pool has connections.
        List<Future<Integer>> after = new ArrayList<>();
        for (int i = 0; i < POOL_SIZE; i++) {
            after.add(callers.submit(() -> Transactions.autocommit(
                    () -> Sql.first("SELECT 1 FROM pg_sleep(0.5)", row -> row.getInteger(0)))));
        }
        for (Future<Integer> answer : after) {
            assertEquals(1, answer.get(), "no connection was lost to a caller that was no longer there");
        }
        callers.shutdown();
    }
}
