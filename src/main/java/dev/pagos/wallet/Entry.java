package dev.pagos.wallet;

import java.time.Instant;
import java.util.UUID;

/**
 * One journal entry as a wallet's owner sees it: the signed amount it moved in their wallet (positive = credit),
 * the balance right after it, its cause and the order or charge it belongs to; for a person's action (an admin's
 * adjustment, a refund) who did it and why.
 */
public record Entry(long id, EntryKind kind, String userId, String currency, long amount, long balanceAfter,
        UUID orderId, UUID chargeId, String actor, String reason, Instant createdAt) {
}
