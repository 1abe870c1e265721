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

    /**
     * A top-up's money taken out of the wallet for a refund through its provider, before the provider is asked.
     * {@code attempt} counts the refunds of this top-up tried so far (a refused one is reversed, and may be tried
     * again), so each attempt is posted once.
     */
    public static Movement topupRefund(String userId, String currency, long amountMinor, UUID orderId, String provider,
            int attempt, String actor, String reason) {
        return new Movement("topup_refund:" + orderId + ":" + attempt, EntryKind.TOPUP_REFUND, userId, currency,
                -amountMinor, AccountKind.PROVIDER_CLEARING, provider, orderId, null, actor, reason);
    }

    /** The provider refused refund {@code attempt} of a top-up: its money goes back to the wallet, once. */
    public static Movement refundReversal(String userId, String currency, long amountMinor, UUID orderId,
            String provider, int attempt, String reason) {
        return new Movement("refund_reversal:" + orderId + ":" + attempt, EntryKind.REFUND_REVERSAL, userId, currency,
                amountMinor, AccountKind.PROVIDER_CLEARING, provider, orderId, null, null, reason);
    }

    /** A wallet-paid order refunded: its price goes back to the wallet, once per order. */
    public static Movement refund(String userId, String currency, long amountMinor, UUID orderId, String actor,
            String reason) {
        return new Movement("refund:" + orderId, EntryKind.REFUND, userId, currency, amountMinor, AccountKind.REVENUE,
                "", orderId, null, actor, reason);
    }

    /** A subscription's period paid from its owner's wallet: once per period, however often the renewal runs. */
    public static Movement renewal(String userId, String currency, long amountMinor, UUID subscriptionId,
            int periodIndex, UUID chargeId) {
        return new Movement("renewal:" + subscriptionId + ":" + periodIndex, EntryKind.RENEWAL, userId, currency,
                -amountMinor, AccountKind.REVENUE, "", null, chargeId, null, null);
    }
}
