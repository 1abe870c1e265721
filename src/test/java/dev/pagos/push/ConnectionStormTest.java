package dev.pagos.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagos.order.OrderStatus;
import dev.pagos.support.Database;
import dev.pagos.support.Orders;
import dev.pagos.support.Purchases;
import dev.pagos.support.RawWebSocket;
import dev.pagos.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The storm that once left pool connections "idle in transaction" for good: many sockets for one user,
 * stray client frames (one far over the frame limit), then half of them dropped without a word and half
 * closed cleanly, while pushes to that user clean up gone connections.
 */
@QuarkusTest
class ConnectionStormTest {

    private static final int SOCKETS = 200;

    @jakarta.inject.Inject
    PushService push;

    @Test
    void socketStormLeavesNoTransactionOpenAndThePoolServing() throws Exception {
        String user = "storm-" + UUID.randomUUID();
        String token = Tokens.valid(user);
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<RawWebSocket>> opening = new ArrayList<>();
            for (int i = 0; i < SOCKETS; i++) {
                int n = i;
                opening.add(clients.submit(() -> {
                    RawWebSocket socket = RawWebSocket.open(token);
                    socket.sendText("hello " + n);
                    socket.sendText("{\"action\":\"subscribe\",\"n\":" + n + "}");
                    if (n % 10 == 0) {
                        try {
                            socket.sendBinary(new byte[1024 * 1024]);
                        } catch (java.io.IOException refused) {
                            // The gateway closes a socket that sends a frame over its limit, mid-frame.
                        }
                    }
                    return socket;
                }));
            }
            List<RawWebSocket> sockets = new ArrayList<>();
            for (Future<RawWebSocket> f : opening) {
                sockets.add(f.get());
            }
            List<Future<?>> closing = new ArrayList<>();
            for (int i = 0; i < sockets.size(); i++) {
                RawWebSocket socket = sockets.get(i);
                boolean abrupt = i % 2 == 0;
                closing.add(clients.submit(() -> {
                    if (abrupt) {
                        socket.drop();
                    } else {
                        socket.closeCleanly();
                    }
                    return null;
                }));
                if (i % 25 == 0) {
                    // Pushes race the disconnects and delete the connections API Gateway reports gone.
                    closing.add(clients.submit(() -> push.sendToUser(user, "ping", Map.of("n", 1))));
                }
            }
            for (Future<?> f : closing) {
                f.get();
            }
        } finally {
            clients.shutdown();
        }

        long deadline = System.currentTimeMillis() + 20_000;
        while (Database.count("SELECT count(*) FROM ws_connections WHERE user_id = ?", user) > 0
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(0, Database.count("SELECT count(*) FROM ws_connections WHERE user_id = ?", user),
                "every disconnect was recorded");
        // Give a leaked transaction the time to show itself as one.
        Thread.sleep(500);
        List<String> sessions = Database.otherSessions();
        assertTrue(sessions.stream().noneMatch(s -> s.startsWith("idle in transaction")),
                "no pool connection stays in a transaction: " + sessions);

        // And the service still sells: a purchase goes through every pool connection's worth of work.
        String buyer = "after-storm-" + UUID.randomUUID();
        Purchases.Completed purchase = Purchases.completeWithPaypal(buyer, "create-industrial", "8.99");
        assertEquals(OrderStatus.COMPLETED, Orders.status(purchase.orderId()));
    }
}
