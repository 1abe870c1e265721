package dev.pagos.billing;

import dev.pagos.pricing.ItemKind;
import java.time.Instant;
import java.util.UUID;

/** What a subscription gives its workspace, one row per item, in the same table as what orders give. */
public class SubscriptionEntitlement {

    public UUID id;

    public String userId;

    public UUID subscriptionId;

    public String workspaceId;

    public ItemKind kind;

    public String itemReference;

    public int quantity;

    public String botFlowId;

    public int months;

    public Instant grantedAt;

    public Instant revokedAt;

    public String revokeReason;
}
