package dev.pagos.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A JDBC connection of the test's own, outside the application's pool: it still answers when the pool is
 * exhausted or stuck, which is exactly when a test needs to look.
 */
public final class Database {

    private Database() {
    }

    public static Connection open() throws SQLException {
        Config config = ConfigProvider.getConfig();
        return DriverManager.getConnection(jdbcUrl(config),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
    }

    /** A connection to another database of the same server: it can lock the application's database out. */
    public static Connection openBeside() throws SQLException {
        Config config = ConfigProvider.getConfig();
        String url = jdbcUrl(config);
        return DriverManager.getConnection(url.substring(0, url.lastIndexOf('/')) + "/template1",
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
    }

    /** The application has no JDBC datasource (issue 8): the same database as its reactive pool, over JDBC. */
    private static String jdbcUrl(Config config) {
        return "jdbc:" + config.getValue("quarkus.datasource.reactive.url", String.class);
    }

    /** The state of every other session on the database ("idle", "idle in transaction", "active"...), with its last query. */
    public static List<String> otherSessions() {
        try (Connection connection = open(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("""
                        SELECT state || ' pid=' || pid || ' blockedby=' || pg_blocking_pids(pid)::text || ' xact=' || coalesce(xact_start::text,'-') || ' change=' || coalesce(state_change::text,'-'), query FROM pg_stat_activity
                        WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'""")) {
            List<String> sessions = new ArrayList<>();
            while (rows.next()) {
                sessions.add(rows.getString(1) + ": " + rows.getString(2));
            }
            return sessions;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long count(String sql, Object... parameters) {
        try (Connection connection = open(); var statement = prepared(connection, sql, parameters)) {
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of every row, as text. */
    public static java.util.List<String> strings(String sql, Object... parameters) {
        try (Connection connection = open(); var statement = prepared(connection, sql, parameters)) {
            try (ResultSet rows = statement.executeQuery()) {
                java.util.List<String> values = new java.util.ArrayList<>();
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
                return values;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static int execute(String sql, Object... parameters) {
        try (Connection connection = open(); var statement = prepared(connection, sql, parameters)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static java.sql.PreparedStatement prepared(Connection connection, String sql, Object... parameters)
            throws SQLException {
        java.sql.PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }
}
