package dev.pagos.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigValue;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

/** When the embedded database stands in, and when it must stay out of the way. */
class EmbeddedDatabaseConfigSourceFactoryTest {

    private static ConfigSourceContext context(List<String> profiles, Map<String, String> values) {
        return new ConfigSourceContext() {
            @Override
            public ConfigValue getValue(String name) {
                return ConfigValue.builder().withName(name).withValue(values.get(name)).build();
            }

            @Override
            public List<String> getProfiles() {
                return profiles;
            }

            @Override
            public Iterator<String> iterateNames() {
                return values.keySet().iterator();
            }
        };
    }

    private static List<ConfigSource> sources(List<String> profiles, Map<String, String> values) {
        return StreamSupport.stream(new EmbeddedDatabaseConfigSourceFactory()
                .getConfigSources(context(profiles, values)).spliterator(), false).toList();
    }

    @Test
    void standsInForDevAndTestWhenNoDatabaseIsConfigured() {
        for (String profile : List.of("dev", "test")) {
            List<ConfigSource> found = sources(List.of(profile), Collections.emptyMap());
            assertEquals(1, found.size(), profile);
            assertEquals(Set.of("DATABASE_URL", "DATABASE_USER", "DATABASE_PASSWORD"), found.get(0).getPropertyNames());
            assertEquals(null, found.get(0).getValue("quarkus.datasource.reactive.url"), "supplies nothing else");
        }
    }

    @Test
    void aConfiguredDatabaseWins() {
        assertTrue(sources(List.of("dev"), Map.of("DATABASE_URL", "postgresql://db.example:5432/pagos")).isEmpty());
    }

    @Test
    void neverInProduction() {
        assertTrue(sources(List.of("prod"), Collections.emptyMap()).isEmpty());
    }

    @Test
    void ranksBelowEnvironmentAndApplicationProperties() {
        assertTrue(new EmbeddedDatabaseConfigSourceFactory().getPriority().getAsInt() < 250);
        assertTrue(sources(List.of("test"), Collections.emptyMap()).get(0).getOrdinal() < 250);
    }
}
