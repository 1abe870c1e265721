package dev.pagos.persistence;

import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import io.quarkus.arc.Arc;
import io.quarkus.vertx.core.runtime.VertxCoreRecorder;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Runs database work from blocking code (Lambda handlers, worker threads) on a connection of its own and waits
 * for it, never for longer than {@code pagos.database.timeout}.
 * <p>
 * Each unit of work gets a Vert.x context of its own, which carries its connection to the {@link Sql}
 * statements it makes, so work started from a shared context (a WebSocket's, a request's) can never pick up a
 * connection that another unit is still using. A wait that runs out cancels the work, which rolls its transaction back; the
 * server-side limits in application.properties (statement, lock and idle-in-transaction timeouts) end
 * whatever a cancelled or stuck client could still leave open, so the pool heals by itself.
 */
public final class Transactions {

    private static final Logger LOG = Logger.getLogger(Transactions.class);
    /**
     * SQLSTATEs that mean the database, not the request, is the problem: connection failures (08xxx), the
     * server shutting down or restarting (57P01-57P03), our own statement/lock/idle timeouts (57014, 55P03,
     * 25P03), and too many connections (53300). The same request can succeed later.
     */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "57014", "55P03", "25P03",
            "53300");

    private static volatile Duration timeout;
    private static volatile Pool pool;

    private Transactions() {
    }

    /**
     * Runs the work in one database transaction: {@link Sql} statements made while it runs use that
     * transaction, which commits when the work succeeds and rolls back when it fails or is cancelled.
     */
    public static <T> T inTransaction(Supplier<Uni<T>> work) {
        return await(() -> onOwnConnection(work, true));
    }

    /**
     * Runs work on one connection without BEGIN and COMMIT: each statement commits on its own and sees the database as it
     * is when that statement runs. For a read that is one statement, one round trip.
     */
    public static <T> T autocommit(Supplier<Uni<T>> work) {
        return await(() -> onOwnConnection(work, false));
    }

    private static <T> Uni<T> onOwnConnection(Supplier<Uni<T>> work, boolean transactional) {
        Context context = Vertx.currentContext();
        return connection().flatMap(connection -> {
            context.putLocal(Sql.CONNECTION, connection);
            Uni<T> done = transactional
                    ? connection.begin().flatMap(transaction -> Uni.createFrom().<T>deferred(work::get)
                            .onFailure().call(() -> transaction.rollback().onFailure().recoverWithNull())
                            .onCancellation().call(transaction::rollback)
                            .call(transaction::commit))
                    : Uni.createFrom().<T>deferred(work::get);
            return done.eventually(() -> {
                context.removeLocal(Sql.CONNECTION);
                return connection.close();
            });
        });
    }

    /**
     * A connection from the pool. A caller whose wait ran out is cancelled, but the pool still hands it the next
     * free connection; that connection goes straight back instead of being lost (each such loss used to shrink
     * the pool for good, until it served nobody).
     */
    private static Uni<SqlConnection> connection() {
        return Uni.createFrom().emitter(emitter -> {
            AtomicBoolean callerGone = new AtomicBoolean();
            emitter.onTermination(() -> callerGone.set(true));
            // The pool answers on this context's event loop, where a cancellation also runs: no interleaving.
            pool().getDelegate().getConnection().onComplete(result -> {
                if (result.failed()) {
                    emitter.fail(result.cause());
                } else if (callerGone.get()) {
                    result.result().close();
                } else {
                    emitter.complete(SqlConnection.newInstance(result.result()));
                }
            });
        });
    }

    private static Pool pool() {
        Pool current = pool;
        if (current == null) {
            current = Arc.container().instance(Pool.class).get();
            pool = current;
        }
        return current;
    }

    /** True when a write failed on a unique constraint (SQLSTATE 23505), however deeply it is wrapped. */
    public static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && "23505".equals(pg.getSqlState())) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * @throws PagosException DATABASE_UNAVAILABLE when the work did not finish in time or the database could
     *         not be reached; the work was cancelled and changed nothing
     */
    private static <T> T await(Supplier<Uni<T>> work) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("Transactions blocks; it must not run on an event loop");
        }
        Context context = freshContext();
        AtomicReference<Cancellable> running = new AtomicReference<>();
        Uni<T> onItsOwnContext = Uni.createFrom().<T>emitter(emitter -> context.runOnContext(ignored -> {
            try {
                running.set(work.get().subscribe().with(emitter::complete, emitter::fail));
            } catch (RuntimeException e) {
                emitter.fail(e);
            }
        })).onCancellation().invoke(() -> context.runOnContext(ignored -> {
            // Cancelled on the work's own context: the transaction rolls back and the connection goes back.
            Cancellable cancellable = running.get();
            if (cancellable != null) {
                cancellable.cancel();
            }
        }));
        try {
            return onItsOwnContext.await().atMost(timeout());
        } catch (RuntimeException e) {
            throw translated(e);
        }
    }

    private static Context freshContext() {
        Context current = Vertx.currentContext();
        ContextInternal root = current != null
                ? ((ContextInternal) current).unwrap()
                : (ContextInternal) VertxCoreRecorder.getVertx().get().getOrCreateContext();
        Context context = VertxContext.createNewDuplicatedContext(root.unwrap());
        VertxContextSafetyToggle.setContextSafe(context, true);
        return context;
    }

    private static RuntimeException translated(RuntimeException failure) {
        if (failure instanceof PagosException) {
            return failure;
        }
        if (isTimeout(failure)) {
            LOG.warnf("Database work did not finish within %s; cancelled", timeout());
            return unavailable(failure);
        }
        if (isDatabaseUnavailable(failure)) {
            LOG.warnf("Database unavailable: %s", failure.getMessage());
            return unavailable(failure);
        }
        return failure;
    }

    private static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof io.smallrye.mutiny.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** Failures of the connection rather than of the statement: whatever the request was, it can be tried again. */
    static boolean isDatabaseUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof io.smallrye.mutiny.CompositeException composite) {
                // The work failed and so did its rollback: the first failure tells what happened.
                return composite.getCauses().stream().anyMatch(Transactions::isDatabaseUnavailable);
            }
            if (t instanceof PgException pg) {
                // FATAL ends the session: the server is refusing or dropping connections, whatever the code.
                String state = pg.getSqlState();
                return "FATAL".equals(pg.getSeverity())
                        || state != null && (state.startsWith("08") || UNAVAILABLE_STATES.contains(state));
            }
            if (t instanceof java.net.SocketException || t instanceof io.vertx.sqlclient.ClosedConnectionException) {
                return true;
            }
            String message = t.getMessage();
            if (message != null && (message.contains("Connection refused") || message.equals("Pool closed")
                    || message.contains("Connection is not active") || message.contains("connection closed")
                    || message.contains("connection may have been lost"))) {
                return true;
            }
        }
        return false;
    }

    private static PagosException unavailable(Throwable cause) {
        return new PagosException(ErrorCode.DATABASE_UNAVAILABLE,
                "The database is not answering right now; nothing was changed, and the same request can be retried", cause);
    }

    private static Duration timeout() {
        Duration configured = timeout;
        if (configured == null) {
            configured = ConfigProvider.getConfig().getOptionalValue("pagos.database.timeout", Duration.class)
                    .orElse(Duration.ofSeconds(15));
            timeout = configured;
        }
        return configured;
    }
}
