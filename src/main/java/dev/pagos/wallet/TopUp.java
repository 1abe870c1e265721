package dev.pagos.wallet;

import java.util.UUID;

/** A completed top-up as the ledger knows it: whose wallet it credited, how much, and through which provider. */
public record TopUp(String userId, String currency, long amountMinor, UUID orderId, String provider) {
}
