package dev.pagos.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Local mode (gateways, simulators, dev tokens, the billing run, checkout pages, the embedded database) lives in
 * dev.pagos.local and below, and no other package names it: the Lambda build (-Dlambda) leaves that one package
 * out, so anything outside it that named it would not compile there. Production code reaches local mode only
 * through seams it owns (VerificationKeyOverride, LocalGatewayHeaders), whose implementations live in local/.
 */
class LocalCodeStaysLocalTest {

    private static final String LOCAL = "local";
    private static final Path SERVICES = Path.of("src/main/resources/META-INF/services");

    @Test
    void noProductionPackageNamesLocalCode() throws IOException {
        List<String> offenders = JavaSources.files().entrySet().stream()
                .filter(file -> !isLocal(file.getValue()))
                .filter(file -> JavaSources.referencedPackages(JavaSources.read(file.getKey()), file.getValue())
                        .stream().anyMatch(LocalCodeStaysLocalTest::isLocal))
                .map(file -> file.getKey().toString())
                .toList();
        assertEquals(List.of(), offenders);
    }

    /** Quarkus loads every class listed there while it builds, so a local one would break the Lambda build. */
    @Test
    void noMainServiceFileListsLocalCode() throws IOException {
        List<String> offenders;
        try (Stream<Path> files = Files.list(SERVICES)) {
            offenders = files.filter(file -> JavaSources.read(file).contains("dev.pagos." + LOCAL + "."))
                    .map(Path::toString).toList();
        }
        assertEquals(List.of(), offenders);
    }

    @Test
    void theScanCatchesAnOffender() {
        assertTrue(JavaSources.referencedPackages("import dev.pagos.local.gateway.LocalGatewayCredential;", "push")
                .stream().anyMatch(LocalCodeStaysLocalTest::isLocal));
        assertTrue(JavaSources.referencedPackages("var t = new dev.pagos.local.DevTokens(i, k);", "security")
                .stream().anyMatch(LocalCodeStaysLocalTest::isLocal));
        assertTrue(JavaSources.referencedPackages("import static dev.pagos.local.LocalMigrations.LOCATIONS;",
                "persistence").stream().anyMatch(LocalCodeStaysLocalTest::isLocal));
        // Named in a comment only: no dependency. A package merely starting with "local" is not local mode.
        assertTrue(JavaSources.referencedPackages("/** see dev.pagos.local.EmbeddedDatabase */ // dev.pagos.local.X",
                "function").isEmpty());
        assertTrue(JavaSources.referencedPackages("import dev.pagos.locale.Names;", "text").stream()
                .noneMatch(LocalCodeStaysLocalTest::isLocal));
    }

    private static boolean isLocal(String packageName) {
        return packageName.equals(LOCAL) || packageName.startsWith(LOCAL + ".");
    }
}
