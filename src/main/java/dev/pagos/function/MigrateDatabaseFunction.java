package dev.pagos.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies pending schema migrations. Production runs it once per deploy (see infra/deploy.sh), never on
 * a function's cold start; local mode and tests migrate at start instead.
 */
@Named(Routes.DB_MIGRATE)
public class MigrateDatabaseFunction implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Inject
    Flyway flyway;

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        MigrateResult result = flyway.migrate();
        MigrationInfo current = flyway.info().current();
        return Map.of(
                "migrationsExecuted", result.migrationsExecuted,
                "schemaVersion", current == null ? "none" : current.getVersion().getVersion(),
                "success", result.success);
    }
}
