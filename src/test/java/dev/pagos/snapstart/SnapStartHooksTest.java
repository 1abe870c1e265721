package dev.pagos.snapstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagos.function.Routes;
import dev.pagos.support.Api;
import dev.pagos.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SnapStart hooks, called as Lambda calls them around a snapshot. */
@QuarkusTest
class SnapStartHooksTest {

    private static final String COUNT_ROWS = """
            SELECT (SELECT count(*) FROM orders) + (SELECT count(*) FROM order_transitions)
                 + (SELECT count(*) FROM idempotency_keys) + (SELECT count(*) FROM acquisitions)""";

    @Inject
    SnapStartHooks hooks;

    @Inject
    Priming priming;

    @Inject
    Pool pool;

    @Test
    void beforeTheSnapshotEveryDatabaseConnectionIsClosedAndAfterTheRestoreRequestsWork() throws Exception {
        Api.anonymous().get("/products").then().statusCode(200);
        assertTrue(pool.size() > 0, "a request left a connection in the pool");

        hooks.beforeCheckpoint(null);

        assertEquals(0, pool.size(), "no connection is carried into the snapshot");
        assertEquals(0, applicationSessions(), "and the server has none of the application's sessions left");

        hooks.afterRestore(null);
        Api.anonymous().get("/products").then().statusCode(200);
        assertTrue(pool.size() > 0, "the restored pool connects again on demand");
    }

    @Test
    void primingRunsEveryHandlersPathAndWritesNothing() throws Exception {
        long before = Database.count(COUNT_ROWS);
        for (String handler : List.of(Routes.CATALOG_LIST, Routes.ORDER_CREATE, Routes.ORDER_GET, Routes.MY_PRODUCTS,
                Routes.PROVIDER_WEBHOOK, Routes.WS_CONNECT, Routes.WS_DISCONNECT, Routes.ORDERS_RECONCILE,
                Routes.DB_MIGRATE, Routes.RENEWAL_WORKER)) {
            priming.prime(handler);
        }
        assertEquals(before, Database.count(COUNT_ROWS));
    }

    /** Server sessions of the application's reactive pool, once the server has seen the closes (it ends them soon). */
    private static long applicationSessions() throws InterruptedException {
        long sessions = 0;
        for (int attempt = 0; attempt < 50; attempt++) {
            sessions = Database.count("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'vertx-pg-client'");
            if (sessions == 0) {
                break;
            }
            Thread.sleep(20);
        }
        return sessions;
    }
}
