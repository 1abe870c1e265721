package dev.pagos.snapstart;

import io.quarkus.arc.ClientProxy;
import io.vertx.core.Promise;
import io.vertx.core.net.impl.pool.ConnectionPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.impl.PoolImpl;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes the idle connections of the application's Vert.x SQL pool while keeping the pool itself, which
 * the application holds for its whole life and opens new connections from on demand.
 * <p>
 * Vert.x 4 has no public call for this (only closing the whole pool, or evicting by idle/lifetime expiry), so it
 * reaches the pool's connection pool and evicts everything, as the pool's own expiry timer does for expired
 * connections. Internal API: SnapStartHooksTest fails if a Vert.x upgrade moves it.
 */
final class PooledConnections {

    private PooledConnections() {
    }

    /** @return how many connections were closed */
    static int closeIdle(Pool pool) throws Exception {
        Object current = ClientProxy.unwrap(pool);
        // PgPool and friends are thin wrappers of the pool implementation.
        while (!(current instanceof PoolImpl)) {
            current = field(current, "delegate");
        }
        Object sqlConnectionPool = field(current, "pool");
        ConnectionPool<?> connections = (ConnectionPool<?>) field(sqlConnectionPool, "pool");
        CompletableFuture<List<?>> evicted = new CompletableFuture<>();
        connections.evict(connection -> true, result -> {
            if (result.succeeded()) {
                evicted.complete(result.result());
            } else {
                evicted.completeExceptionally(result.cause());
            }
        });
        List<?> closing = evicted.get(10, TimeUnit.SECONDS);
        for (Object connection : closing) {
            Method close = connection.getClass().getDeclaredMethod("close", Promise.class);
            close.setAccessible(true);
            Promise<Void> closed = Promise.promise();
            close.invoke(connection, closed);
            closed.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        return closing.size();
    }

    private static Object field(Object owner, String name) throws ReflectiveOperationException {
        for (Class<?> type = owner.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field field = type.getDeclaredField(name);
                field.setAccessible(true);
                return field.get(owner);
            } catch (NoSuchFieldException e) {
                // declared further up
            }
        }
        throw new NoSuchFieldException(owner.getClass().getName() + "." + name);
    }
}
