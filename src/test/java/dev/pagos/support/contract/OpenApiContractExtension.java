package dev.pagos.support.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Puts {@link OpenApiContractFilter} among rest-assured's global filters before every test of the suite, so every
 * answer any test receives from the local gateway is held to openapi.yaml. Registered for every test class by
 * JUnit's extension auto-detection (src/test/resources/META-INF/services/org.junit.jupiter.api.extension.Extension;
 * quarkus-junit's own junit-platform.properties turns auto-detection on, so the project has none of its own).
 *
 * <p>Quarkus runs its tests in its own class loader, which has its own copy of rest-assured: the filter is
 * installed into the copy that the test class sees. At the end of the run the counts are logged and written to
 * target/openapi-contract.txt (operation, status, how many answers were validated).
 */
public class OpenApiContractExtension implements BeforeAllCallback, BeforeEachCallback {

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        install(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        install(context);
    }

    private static void install(ExtensionContext context) throws Exception {
        ClassLoader loader = context.getRequiredTestClass().getClassLoader();
        Class.forName(Installer.class.getName(), true, loader).getMethod("install").invoke(null);
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Report.class, k -> new Report(), Report.class);
    }

    /** Loaded in the test's class loader; idempotent. */
    public static final class Installer {

        private static volatile OpenApiContractFilter filter;

        private Installer() {
        }

        public static synchronized void install() {
            if (filter == null) {
                filter = new OpenApiContractFilter(OpenApiContract.repository(), Installer::apiPort);
            }
            if (!io.restassured.RestAssured.filters().contains(filter)) {
                io.restassured.RestAssured.filters(filter);
            }
        }

        private static int apiPort() {
            return org.eclipse.microprofile.config.ConfigProvider.getConfig()
                    .getOptionalValue("quarkus.http.test-port", Integer.class).orElse(8081);
        }
    }

    /** Closed by JUnit when the whole run ends. */
    static final class Report implements ExtensionContext.Store.CloseableResource, AutoCloseable {

        @Override
        public void close() {
            Map<String, Long> coverage = new TreeMap<>();
            for (Map.Entry<String, LongAdder> e : OpenApiContractFilter.coverage().entrySet()) {
                coverage.put(e.getKey(), e.getValue().sum());
            }
            List<String> lines = new ArrayList<>();
            lines.add("OpenAPI contract: " + OpenApiContractFilter.VALIDATED.get() + " answers validated against openapi.yaml, "
                    + OpenApiContractFilter.SKIPPED.get() + " skipped (not the API), " + coverage.size()
                    + " (operation, status) pairs seen; " + System.getProperties().getOrDefault("pagos.contract.pushes", 0)
                    + " WebSocket messages validated against PushMessage");
            coverage.forEach((key, count) -> lines.add("  " + key + ": " + count));
            System.out.println(lines.get(0) + " (details: target/openapi-contract.txt)");
            try {
                Files.createDirectories(Path.of("target"));
                Files.write(Path.of("target/openapi-contract.txt"), lines, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
