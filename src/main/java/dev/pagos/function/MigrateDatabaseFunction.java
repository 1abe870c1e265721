package dev.pagos.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.pagos.persistence.Migrations;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.inject.Named;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Applies pending schema migrations. Production runs it once per deploy (see infra/deploy.sh), never on
 * a function's cold start; local mode and tests migrate at start instead (dev.pagos.local.EmbeddedDatabase).
 * <p>
 * JVM build only: left out of a native build (quarkus.native.enabled), so that Flyway and the PostgreSQL JDBC
 * driver are not in the native executable. Flyway finds migrations by scanning the class path, which a native
 * image cannot do, and GraalVM's analysis stops on the JDBC driver (its Windows-only SSPI client needs JNA).
 * db-migrate is deployed from the JVM build (README, "Native").
 */
@IfBuildProperty(name = "quarkus.native.enabled", stringValue = "false", enableIfMissing = true)
@Named(Routes.DB_MIGRATE)
public class MigrateDatabaseFunction implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String url;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    @ConfigProperty(name = "pagos.migrations.locations")
    List<String> locations;

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        Migrations.Outcome outcome = Migrations.migrate(url, user, password, locations, false);
        return Map.of(
                "migrationsExecuted", outcome.migrationsExecuted(),
                "schemaVersion", outcome.schemaVersion(),
                "success", outcome.success());
    }
}
