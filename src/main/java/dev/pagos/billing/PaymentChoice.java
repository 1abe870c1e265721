package dev.pagos.billing;

import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import dev.pagos.persistence.Coded;
import java.util.Locale;

/** How a subscription pays each period (its first charge and every renewal). */
public enum PaymentChoice implements Coded {
    /** Its stored card, through the provider's token charges. */
    CARD,
    /** The owner's COP wallet only: a period the wallet cannot cover is declined (dunning, as for a card). */
    WALLET,
    /** The owner's COP wallet when it covers the period, the card when it does not. */
    WALLET_THEN_CARD;

    @Override
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a period may be charged to the card, so the subscription needs one. */
    public boolean usesCard() {
        return this != WALLET;
    }

    /** What a client sent ({@code "wallet_then_card"}); null when it sent nothing. */
    public static PaymentChoice of(String code) {
        if (code == null) {
            return null;
        }
        for (PaymentChoice choice : values()) {
            if (choice.code().equals(code)) {
                return choice;
            }
        }
        throw new PagosException(ErrorCode.INVALID_REQUEST, "payment_method is card, wallet or wallet_then_card");
    }

    static PaymentChoice stored(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
