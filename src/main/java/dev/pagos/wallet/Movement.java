package dev.pagos.wallet;

import java.util.UUID;

/**
 * A movement to post: {@code amount} (signed, positive = credit to the wallet) between a buyer's wallet and one
 * system account. The idempotency key names the cause, so posting the same cause twice posts it once.
 *
 * @param counterOwner the system account's owner: the provider's code for a clearing account, "" otherwise
 */
public record Movement(String idempotencyKey, EntryKind kind, String userId, String currency, long amount,
        AccountKind counterKind, String counterOwner, UUID orderId, UUID chargeId, String actor, String reason) {

    public Movement {
        if (amount == 0) {
            throw new IllegalArgumentException("a movement of zero");
        }
        if (counterKind == AccountKind.WALLET) {
            throw new IllegalArgumentException("the other side of a wallet movement is a system account");
        }
    }

    /** A product or plan paid from the wallet. */
    public static Movement purchase(String userId, String currency, long amountMinor, UUID orderId) {
        return new Movement("purchase:" + orderId, EntryKind.PURCHASE, userId, currency, -amountMinor,
                AccountKind.REVENUE, "", orderId, null, null, null);
    }

    /** An admin's credit (positive) or debit (negative), with who and why; the key is the admin's request key. */
    public static Movement adjustment(String key, String userId, String currency, long amountMinor, String actor,
            String reason) {
        return new Movement("adjustment:" + key, EntryKind.ADJUSTMENT, userId, currency, amountMinor,
                AccountKind.ADJUSTMENT, "", null, null, actor, reason);
    }

    /** A top-up order completed on its provider's confirmed payment: the wallet is credited once per order. */
    public static Movement topup(String userId, String currency, long amountMinor, UUID orderId, String provider) {
        return new Movement("topup:" + orderId, EntryKind.TOPUP, userId, currency, amountMinor,
                AccountKind.PROVIDER_CLEARING, provider, orderId, null, null, null);
    }

    /** A top-up refunded through its provider: the money leaves the wallet, once per order. */
    public static Movement topupRefund(String userId, String currency, long amountMinor, UUID orderId, String provider,
            String reason) {
        return new Movement("topup_refund:" + orderId, EntryKind.TOPUP_REFUND, userId, currency, -amountMinor,
                AccountKind.PROVIDER_CLEARING, provider, orderId, null, null, reason);
    }
}
