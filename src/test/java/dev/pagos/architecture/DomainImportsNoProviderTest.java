package dev.pagos.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The domain talks to provider capabilities, never to a provider: no class in the domain packages may name
 * dev.pagos.provider.paypal or dev.pagos.provider.wompi (import, static import or fully qualified use).
 */
class DomainImportsNoProviderTest {

    private static final Path MAIN = Path.of("src/main/java/dev/pagos");
    private static final List<String> DOMAIN = List.of("order", "billing", "subscription", "pricing", "catalog", "money",
            "exchange");
    private static final Pattern PROVIDER = Pattern.compile("dev\\.pagos\\.provider\\.(paypal|wompi)\\b");

    @Test
    void domainPackagesNameNoProvider() throws IOException {
        assertTrue(Files.isDirectory(MAIN.resolve("order")), "run from the project root");
        List<String> offenders;
        try (Stream<Path> files = DOMAIN.stream().map(MAIN::resolve).filter(Files::isDirectory)
                .flatMap(DomainImportsNoProviderTest::javaFiles)) {
            offenders = files.filter(DomainImportsNoProviderTest::namesAProvider).map(Path::toString).toList();
        }
        assertEquals(List.of(), offenders);
    }

    @Test
    void theScanCatchesAnOffender() {
        assertTrue(PROVIDER.matcher("import dev.pagos.provider.wompi.WompiConfig;").find());
        assertTrue(PROVIDER.matcher("x = dev.pagos.provider.paypal.PaypalMapping.stageOf(s);").find());
        assertTrue(!PROVIDER.matcher("import dev.pagos.provider.PaymentEvent;").find());
    }

    private static Stream<Path> javaFiles(Path directory) {
        try {
            return Files.walk(directory).filter(p -> p.toString().endsWith(".java")).toList().stream();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean namesAProvider(Path file) {
        try {
            return PROVIDER.matcher(Files.readString(file)).find();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
