package dev.pagos.push;

import dev.pagos.persistence.Sql;
import dev.pagos.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;

/**
 * Which user each open WebSocket (an API Gateway connection id) belongs to. Every change is one statement with
 * no transaction around it: a disconnect, a push's clean-up of a gone connection and a reconnect may all touch
 * the same row at once, and none of them needs more than its own statement to be right.
 */
@ApplicationScoped
public class ConnectionRegistry {

    private final Clock clock;

    ConnectionRegistry(Clock clock) {
        this.clock = clock;
    }

    public void connected(String connectionId, String userId) {
        Transactions.autocommit(() -> Sql.update("""
                INSERT INTO ws_connections (connection_id, user_id, connected_at) VALUES ($1, $2, $3)
                ON CONFLICT (connection_id) DO UPDATE SET user_id = EXCLUDED.user_id, connected_at = EXCLUDED.connected_at""",
                connectionId, userId, clock.instant()));
    }

    /** @return whether the connection was still known */
    public boolean disconnected(String connectionId) {
        return Transactions.autocommit(() -> Sql.update("DELETE FROM ws_connections WHERE connection_id = $1", connectionId)) > 0;
    }

    public List<String> connectionsOf(String userId) {
        return Transactions.autocommit(() -> Sql.list("SELECT connection_id FROM ws_connections WHERE user_id = $1",
                row -> row.getString(0), userId));
    }
}
