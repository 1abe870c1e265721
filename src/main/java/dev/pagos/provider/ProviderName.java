package dev.pagos.provider;

import dev.pagos.persistence.Coded;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The payment providers Pagos knows, in one place. The domain stores and compares these, never loose strings;
 * {@link #code()} is how clients, URLs and the database spell them.
 */
public enum ProviderName implements Coded {
    PAYPAL,
    WOMPI,
    PAYMENTSWAY,
    /** Not a provider: the buyer's own wallet (the ledger), which pays at once with no checkout. */
    WALLET;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The provider a client or a URL names; empty for anything else (never echoed: it is the client's input). */
    public static Optional<ProviderName> fromCode(String code) {
        return Arrays.stream(values()).filter(p -> p.code().equals(code)).findFirst();
    }

    /** The provider a database row names (null stays null); a code we do not know there is a broken invariant. */
    public static ProviderName stored(String code) {
        return code == null ? null : fromCode(code)
                .orElseThrow(() -> new IllegalStateException("Unknown provider in the database: " + code));
    }

    @Override
    public String toString() {
        return code();
    }
}
