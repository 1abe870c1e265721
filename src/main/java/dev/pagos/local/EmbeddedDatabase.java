package dev.pagos.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The one embedded PostgreSQL of this JVM. Quarkus reads configuration from several class loaders (build,
 * runtime, every dev-mode reload), so the running server's port is kept in a system property, which all
 * of them share, rather than in a static field.
 */
final class EmbeddedDatabase {

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
    private static final String PORT_PROPERTY = "pagos.embedded-postgresql.port";
    private static final Path DEV_DATA_DIRECTORY = Path.of(".pagos", "dev-db");

    private EmbeddedDatabase() {
    }

    static Map<String, String> connection(boolean persistent) {
        String port = System.getProperty(PORT_PROPERTY);
        if (port == null) {
            port = start(persistent);
        }
        String url = "postgresql://localhost:" + port + "/postgres";
        // Trust authentication ignores the password, but Quarkus treats an empty one as missing.
        LocalMigrations.migrateOnce(url, "postgres", "postgres");
        return Map.of(
                EmbeddedDatabaseConfigSourceFactory.URL, url,
                EmbeddedDatabaseConfigSourceFactory.USER, "postgres",
                EmbeddedDatabaseConfigSourceFactory.PASSWORD, "postgres");
    }

    private static synchronized String start(boolean persistent) {
        String running = System.getProperty(PORT_PROPERTY);
        if (running != null) {
            return running;
        }
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            if (persistent) {
                Files.createDirectories(DEV_DATA_DIRECTORY);
                builder.setDataDirectory(DEV_DATA_DIRECTORY).setCleanDataDirectory(false);
            }
            long started = System.nanoTime();
            EmbeddedPostgres postgres = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(postgres), "embedded-postgresql-stop"));
            String port = Integer.toString(postgres.getPort());
            System.setProperty(PORT_PROPERTY, port);
            LOG.infof("Embedded PostgreSQL started on port %s in %d ms (%s)", port,
                    (System.nanoTime() - started) / 1_000_000,
                    persistent ? "data kept in " + DEV_DATA_DIRECTORY.toAbsolutePath() : "throw-away data");
            return port;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL; set DATABASE_URL to use a server", e);
        }
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("Embedded PostgreSQL did not stop cleanly", e);
        }
    }
}
