package dev.pagos.wallet;

import dev.pagos.persistence.Coded;
import java.util.Locale;

/** Why money moved in a wallet: each journal entry has one cause. */
public enum EntryKind implements Coded {
    /** Money paid in through a provider's checkout (credit; the provider's clearing account is debited). */
    TOPUP,
    /** A product or plan paid from the wallet (debit; revenue is credited). */
    PURCHASE,
    /** A subscription renewal paid from the wallet (debit; revenue is credited). */
    RENEWAL,
    /** A wallet-paid order refunded: the money comes back to the wallet (credit; revenue is debited). */
    REFUND,
    /** A top-up refunded through its provider: the money leaves the wallet (debit; clearing is credited). */
    TOPUP_REFUND,
    /**
     * A top-up refund the provider refused: the money taken out before asking it goes back (credit; clearing is
     * debited). The refund and its reversal both stay in the statement.
     */
    REFUND_REVERSAL,
    /** An admin's credit or debit, with who and why (against the adjustment account). */
    ADJUSTMENT;

    @Override
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EntryKind stored(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
