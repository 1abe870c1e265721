package dev.pagos.local;

import dev.pagos.persistence.Migrations;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Dev mode and tests migrate their database at start, sample catalogue included, as production's db-migrate
 * does after a deploy. Once per database and class loader: a dev-mode reload (a new class loader) migrates
 * again, so a migration added while coding is applied without a restart.
 * <p>
 * The embedded database is migrated as soon as it starts (EmbeddedDatabase). A database given by DATABASE_URL
 * in dev or test is migrated by the start-up observer here, once the application has started.
 */
@IfBuildProfile(anyOf = { "dev", "test" })
@ApplicationScoped
class LocalMigrations {

    /** The production migrations, then the local sample data (V1000+). */
    static final List<String> LOCATIONS = List.of("db/migration", "db/local-seed");
    private static final Logger LOG = Logger.getLogger(LocalMigrations.class);
    private static final Set<String> MIGRATED = new HashSet<>();

    void migrateConfiguredDatabase(@Observes StartupEvent start,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") String password) {
        migrateOnce(url, user, password);
    }

    static synchronized void migrateOnce(String url, String user, String password) {
        if (!MIGRATED.add(url)) {
            return;
        }
        Migrations.Outcome outcome = Migrations.migrate(url, user, password, LOCATIONS, true);
        LOG.infof("Local database at schema version %s (%d migrations applied now)", outcome.schemaVersion(),
                outcome.migrationsExecuted());
    }
}
