package dev.pagos.push;

import dev.pagos.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;

@ApplicationScoped
public class ConnectionRegistry {

    private final Clock clock;

    ConnectionRegistry(Clock clock) {
        this.clock = clock;
    }

    public void connected(String connectionId, String userId) {
        Transactions.inTransaction(() -> Connection.<Connection>findById(connectionId).flatMap(existing -> {
            Connection connection = existing != null ? existing : new Connection();
            connection.connectionId = connectionId;
            connection.userId = userId;
            connection.connectedAt = clock.instant();
            return connection.persist();
        }));
    }

    public boolean disconnected(String connectionId) {
        return Transactions.inTransaction(() -> Connection.deleteById(connectionId));
    }

    public List<String> connectionsOf(String userId) {
        return Transactions.inTransaction(() -> Connection.<Connection>list("userId", userId))
                .stream().map(c -> c.connectionId).toList();
    }
}
