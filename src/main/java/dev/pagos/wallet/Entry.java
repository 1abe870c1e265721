package dev.pagos.wallet;

import java.time.Instant;
import java.util.UUID;

/**
 * One journal entry as a wallet's owner sees it: the signed amount it moved in their wallet (positive = credit),
 * the balance right after it, its cause and the order or charge it belongs to.
 */
public record Entry(long id, EntryKind kind, String userId, String currency, long amount, long balanceAfter,
        UUID orderId, UUID chargeId, String reason, Instant createdAt) {
}
