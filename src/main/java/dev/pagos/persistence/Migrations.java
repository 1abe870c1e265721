package dev.pagos.persistence;

import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Schema migrations with Flyway over one plain JDBC connection (no pool, no transaction manager). Only the
 * db-migrate function and local start-up call this, so the request functions never load Flyway or JDBC:
 * they run on the reactive PostgreSQL client alone.
 */
public final class Migrations {

    /** What a run did: how many migrations it applied, and the schema version now. */
    public record Outcome(int migrationsExecuted, String schemaVersion, boolean success) {
    }

    private Migrations() {
    }

    /**
     * @param url "postgresql://host:port/db" (DATABASE_URL), optionally with JDBC query parameters such as sslmode
     * @param locations Flyway locations, e.g. "db/migration"
     * @param outOfOrder apply a migration numbered below the current version (a developer's database holds the
     *        local sample data, V1000+, before the schema migrations that came later)
     */
    public static Outcome migrate(String url, String user, String password, List<String> locations, boolean outOfOrder) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL("jdbc:" + url);
        dataSource.setUser(user);
        dataSource.setPassword(password);
        Flyway flyway = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations(locations.toArray(String[]::new))
                .outOfOrder(outOfOrder)
                .load();
        MigrateResult result = flyway.migrate();
        MigrationInfo current = flyway.info().current();
        return new Outcome(result.migrationsExecuted, current == null ? "none" : current.getVersion().getVersion(),
                result.success);
    }
}
