package dev.pagos.push;

import dev.pagos.persistence.Transactions;
import io.quarkus.hibernate.reactive.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;

/**
 * Which user each open WebSocket belongs to. Every change is one SQL statement, not a load-then-remove of a
 * managed entity: a disconnect, a push's clean-up of a gone connection and a reconnect may all touch the same
 * row at once, and Hibernate Reactive's flush of a removed entity under that contention once stalled between
 * the DELETE and the COMMIT, leaving pool connections idle in transaction for good.
 */
@ApplicationScoped
public class ConnectionRegistry {

    private final Clock clock;

    ConnectionRegistry(Clock clock) {
        this.clock = clock;
    }

    public void connected(String connectionId, String userId) {
        Transactions.inTransaction(() -> Panache.getSession().flatMap(session -> session.createNativeQuery("""
                INSERT INTO ws_connections (connection_id, user_id, connected_at) VALUES (:id, :user, :at)
                ON CONFLICT (connection_id) DO UPDATE SET user_id = EXCLUDED.user_id, connected_at = EXCLUDED.connected_at""")
                .setParameter("id", connectionId)
                .setParameter("user", userId)
                .setParameter("at", clock.instant())
                .executeUpdate()));
    }

    /** @return whether the connection was still known */
    public boolean disconnected(String connectionId) {
        return Transactions.inTransaction(() -> Connection.delete("connectionId", connectionId)) > 0;
    }

    public List<String> connectionsOf(String userId) {
        return Transactions.inTransaction(() -> Connection.<Connection>list("userId", userId))
                .stream().map(c -> c.connectionId).toList();
    }
}
