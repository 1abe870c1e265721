package dev.pagos.snapstart;

import io.quarkus.runtime.StartupEvent;
import io.vertx.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Lambda SnapStart: before the snapshot, prime the function's code paths ({@link Priming}) and close every
 * database connection, so that no connection (with its TCP state, TLS session and server-side backend) is
 * copied into the snapshot and reused by every restored instance. After a restore the pool opens fresh
 * connections on the first query. Registered only when Lambda initialises for a snapshot
 * (AWS_LAMBDA_INITIALIZATION_TYPE=snap-start); a plain cold start pays for none of it.
 * <p>
 * The AWS credentials that sign pushes and secret reads are a CRaC resource of their own
 * ({@code dev.pagos.aws.LambdaCredentials}, registered likewise): they forget what they cached after a restore.
 * <p>
 * Quarkus's own SnapStart support (quarkus.snapstart.*) runs the application start-up (the pool,
 * the beans) inside the snapshot with full-warmup, but knows nothing of our requests or connections.
 */
@ApplicationScoped
public class SnapStartHooks implements Resource {

    private static final Logger LOG = Logger.getLogger(SnapStartHooks.class);

    private final Priming priming;
    private final Pool pool;
    private final Optional<String> handler;

    SnapStartHooks(Priming priming, Pool pool, @ConfigProperty(name = "quarkus.lambda.handler") Optional<String> handler) {
        this.priming = priming;
        this.pool = pool;
        this.handler = handler;
    }

    void register(@Observes StartupEvent start) {
        if ("snap-start".equals(System.getenv("AWS_LAMBDA_INITIALIZATION_TYPE"))) {
            // org.crac keeps resources weakly: this application-scoped bean is what keeps the hook alive.
            Core.getGlobalContext().register(this);
        }
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) throws Exception {
        if (handler.isPresent()) {
            priming.prime(handler.get());
        }
        int closed = PooledConnections.closeIdle(pool);
        LOG.infof("Before the snapshot: %d database connection(s) closed, %d left", closed, pool.size());
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to reopen: the pool connects on the next query. Logged so a restore shows in the function's log.
        LOG.infof("Restored from the snapshot; database connections open on demand (%d now)", pool.size());
    }
}
