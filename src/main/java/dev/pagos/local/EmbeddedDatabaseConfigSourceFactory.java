package dev.pagos.local;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Supplies DATABASE_URL, DATABASE_USER and DATABASE_PASSWORD in dev and test when none is configured, by
 * starting an embedded PostgreSQL the first time one of them is read. Docker is not needed, so
 * {@code ./mvnw quarkus:dev} and the tests work on a bare machine. With DATABASE_URL set (environment or
 * system property), or in any other profile, this factory supplies nothing.
 * <p>
 * The embedded database is also migrated here (with the sample catalogue), while configuration is read and so
 * before anything can query it; a configured one is migrated at start-up by
 * {@link LocalMigrations} (see there).
 */
public class EmbeddedDatabaseConfigSourceFactory implements ConfigSourceFactory {

    static final String URL = "DATABASE_URL";
    static final String USER = "DATABASE_USER";
    static final String PASSWORD = "DATABASE_PASSWORD";
    private static final Set<String> LOCAL_PROFILES = Set.of("dev", "test");

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue configured = context.getValue(URL);
        boolean local = context.getProfiles().stream().anyMatch(LOCAL_PROFILES::contains);
        if (!local || (configured != null && configured.getValue() != null)) {
            return List.of();
        }
        boolean persistent = context.getProfiles().contains("dev");
        return List.of(new LazyEmbeddedDatabaseSource(persistent));
    }

    @Override
    public OptionalInt getPriority() {
        // Below environment variables (300) and application.properties (250): a real URL always wins.
        return OptionalInt.of(150);
    }

    static final class LazyEmbeddedDatabaseSource implements ConfigSource {
        private final boolean persistent;

        LazyEmbeddedDatabaseSource(boolean persistent) {
            this.persistent = persistent;
        }

        @Override
        public Set<String> getPropertyNames() {
            return Set.of(URL, USER, PASSWORD);
        }

        @Override
        public String getValue(String propertyName) {
            if (!getPropertyNames().contains(propertyName)) {
                return null;
            }
            Map<String, String> connection = EmbeddedDatabase.connection(persistent);
            return connection.get(propertyName);
        }

        @Override
        public String getName() {
            return "pagos-embedded-postgresql";
        }

        @Override
        public int getOrdinal() {
            return 150;
        }
    }
}
