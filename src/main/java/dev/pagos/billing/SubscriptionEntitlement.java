package dev.pagos.billing;

import dev.pagos.pricing.ItemKind;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** What a subscription gives its workspace, one row per item, in the same table as what orders give. */
@Entity
@Table(name = "entitlements")
public class SubscriptionEntitlement extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "user_id")
    public String userId;

    @Column(name = "subscription_id")
    public UUID subscriptionId;

    @Column(name = "workspace_id")
    public String workspaceId;

    @Enumerated(EnumType.STRING)
    public ItemKind kind;

    @Column(name = "item_reference")
    public String itemReference;

    public int quantity;

    @Column(name = "bot_flow_id")
    public String botFlowId;

    public int months;

    @Column(name = "granted_at")
    public Instant grantedAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "revoke_reason")
    public String revokeReason;
}
