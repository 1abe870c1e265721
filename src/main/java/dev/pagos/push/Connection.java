package dev.pagos.push;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An open WebSocket (an API Gateway connection id) and the user it was opened for. */
@Entity
@Table(name = "ws_connections")
public class Connection extends PanacheEntityBase {

    @Id
    @Column(name = "connection_id")
    public String connectionId;

    @Column(name = "user_id")
    public String userId;

    @Column(name = "connected_at")
    public Instant connectedAt;
}
