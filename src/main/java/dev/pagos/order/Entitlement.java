package dev.pagos.order;

import dev.pagos.pricing.ItemKind;
import java.time.Instant;
import java.util.UUID;

/** What a completed plan/assistants/add-ons order gives its buyer's workspace: one row per order line. */
public class Entitlement {

    public UUID id;

    public String userId;

    public UUID orderId;

    public UUID orderLineId;

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
