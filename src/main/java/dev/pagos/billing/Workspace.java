package dev.pagos.billing;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A workspace and the user who owns it: whoever subscribed it first. */
@Entity
@Table(name = "workspaces")
public class Workspace extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "owner_id")
    public String ownerId;

    @Column(name = "created_at")
    public Instant createdAt;
}
