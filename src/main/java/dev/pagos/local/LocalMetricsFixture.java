package dev.pagos.local;

import io.quarkus.arc.profile.IfBuildProfile;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Local mode only: POST /dev/fixtures/metrics loads MetricsTest's hand-computed fixture (metrics/fixture.sql, January
 * to March 2001, in src/local/resources, which the Lambda build leaves out) into the local database, replacing an
 * earlier copy, so the operator page's charts can be checked against numbers worked out by hand. The fixture keeps to
 * its own ids and to 2001, where nothing else in a local database lives: it changes no other row, and no billing run
 * or reconciliation picks it up (its subscriptions' next action is in 2100, its orders are settled).
 */
@IfBuildProfile("dev")
@ApplicationScoped
public class LocalMetricsFixture {

    private final String url;
    private final String user;
    private final String password;

    LocalMetricsFixture(@ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** POST loads (or reloads) the fixture; DELETE removes it, so today's figures are the local database's own again. */
    void registerRoutes(@Observes Router router) {
        router.post("/dev/fixtures/metrics").blockingHandler(rc -> run(rc, "metrics/cleanup.sql", "metrics/fixture.sql"), false);
        router.delete("/dev/fixtures/metrics").blockingHandler(rc -> run(rc, "metrics/cleanup.sql"), false);
    }

    private void run(RoutingContext rc, String... scripts) {
        try {
            execute(scripts);
            rc.response().putHeader("content-type", "application/json").end(new JsonObject()
                    .put("fixture", "metrics").put("loaded", scripts.length > 1)
                    .put("from", "2001-01-01").put("to", "2001-04-01").encode());
        } catch (SQLException | IOException e) {
            rc.fail(e);
        }
    }

    /** The scripts in one transaction: a reload is all or nothing. */
    private void execute(String... scripts) throws SQLException, IOException {
        // JDBC, as the migrations: a script of many statements is one simple query, which the reactive pool's
        // prepared statements cannot run.
        try (Connection connection = DriverManager.getConnection("jdbc:" + url, user, password)) {
            connection.setAutoCommit(false);
            try (Statement sql = connection.createStatement()) {
                for (String script : scripts) {
                    sql.execute(script(script));
                }
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static String script(String resource) throws IOException {
        try (InputStream in = LocalMetricsFixture.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " is not on the class path (src/local/resources)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
