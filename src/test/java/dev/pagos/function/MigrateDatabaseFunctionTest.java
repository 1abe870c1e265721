package dev.pagos.function;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The production migration step, run as its function would be after a deploy. */
@QuarkusTest
class MigrateDatabaseFunctionTest {

    @Inject
    @Named(Routes.DB_MIGRATE)
    RequestHandler<Map<String, Object>, Map<String, Object>> migrate;

    @Test
    void migratingAnUpToDateDatabaseIsANoOp() {
        Map<String, Object> result = migrate.handleRequest(Map.of(), null);
        assertEquals(true, result.get("success"));
        assertEquals(0, result.get("migrationsExecuted"), "the test database was migrated at start");
        assertEquals("1001", result.get("schemaVersion"), "the schema, then the local sample catalogue V1000 and offer V1001");
    }
}
