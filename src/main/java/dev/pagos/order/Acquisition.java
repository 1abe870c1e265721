package dev.pagos.order;

import java.time.Instant;
import java.util.UUID;

/** A buyer owns a product because an order completed; a refund revokes it. */
public class Acquisition {

    public UUID id;

    public String userId;

    public String productId;

    public UUID orderId;

    public Instant grantedAt;

    public Instant revokedAt;

    public String revokeReason;
}
