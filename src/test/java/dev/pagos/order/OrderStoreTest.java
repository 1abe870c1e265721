package dev.pagos.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagos.persistence.Transactions;
import dev.pagos.support.Database;
import dev.pagos.support.Orders;
import dev.pagos.support.PaypalFake;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What Hibernate did for orders and the port to SQL must keep doing: the version check, the lock mode, identity ids. */
@QuarkusTest
class OrderStoreTest {

    private UUID orderId;

    @BeforeEach
    void placeOrder() {
        PaypalFake.resetStubs();
        orderId = Orders.place("buyer-" + UUID.randomUUID(), "skyblock-odyssey").orderId();
    }

    @Test
    void anUpdateFromACopyThatIsNoLongerCurrentFailsAndChangesNothing() {
        Order first = Transactions.autocommit(() -> OrderStore.order(orderId));
        Order second = Transactions.autocommit(() -> OrderStore.order(orderId));
        long version = first.version;
        Instant claimed = Instant.now().plusSeconds(60).truncatedTo(ChronoUnit.MICROS);

        first.claimedUntil = claimed;
        Transactions.inTransaction(() -> OrderStore.update(first));
        assertEquals(version + 1, first.version, "the copy that was written is at the new version");

        second.failureReason = "lost update";
        IllegalStateException stale = assertThrows(IllegalStateException.class,
                () -> Transactions.inTransaction(() -> OrderStore.update(second)));
        assertTrue(stale.getMessage().contains("changed concurrently"), stale.getMessage());
        assertEquals(version, second.version);

        Order stored = Orders.order(orderId);
        assertEquals(version + 1, stored.version);
        assertEquals(claimed, stored.claimedUntil);
        assertEquals(null, stored.failureReason);
    }

    @Test
    void theOrderLockIsForNoKeyUpdate() throws Exception {
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch checked = new CountDownLatch(1);
        ExecutorService holder = Executors.newSingleThreadExecutor();
        try {
            Future<Order> holding = holder.submit(() -> Transactions.inTransaction(() -> OrderStore.lock(orderId)
                    .invoke(order -> locked.countDown())
                    .call(order -> Uni.createFrom().item(order).emitOn(Infrastructure.getDefaultWorkerPool())
                            .invoke(ignored -> {
                                try {
                                    checked.await(5, TimeUnit.SECONDS);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            }))));
            assertTrue(locked.await(5, TimeUnit.SECONDS));
            try (Connection jdbc = Database.open(); Statement statement = jdbc.createStatement()) {
                statement.execute("SET lock_timeout = '300ms'");
                // A row that references the order (its trail) only needs KEY SHARE: not blocked.
                assertEquals(1, statement.executeUpdate("INSERT INTO order_transitions (order_id, from_status, to_status,"
                        + " cause, occurred_at) VALUES ('" + orderId + "', 'PENDING', 'PENDING', 'lock test', now())"));
                // Another writer of the order is.
                SQLException blocked = assertThrows(SQLException.class, () -> statement.executeQuery(
                        "SELECT id FROM orders WHERE id = '" + orderId + "' FOR NO KEY UPDATE"));
                assertEquals("55P03", blocked.getSQLState());
            } finally {
                checked.countDown();
            }
            assertEquals(orderId, holding.get(10, TimeUnit.SECONDS).id);
        } finally {
            holder.shutdownNow();
        }
    }

    @Test
    void aTrailLineGetsItsIdFromTheDatabase() {
        OrderTransitions.Change change = Transactions.inTransaction(() -> OrderStore.lock(orderId)
                .flatMap(order -> new OrderTransitions(java.time.Clock.systemUTC(), null)
                        .move(order, OrderStatus.FAILED, "test", "failed by the test")));
        assertTrue(change.moved());
        var trail = Orders.transitions(orderId);
        assertEquals(2, trail.size());
        assertNotNull(trail.get(1).id);
        assertTrue(trail.get(1).id > trail.get(0).id);
        assertEquals(change.order().version, Orders.order(orderId).version);
    }
}
