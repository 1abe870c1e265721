package dev.pagos.provider;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The payment providers Pagos knows, in one place. The domain stores and compares these, never loose strings;
 * {@link #code()} is how clients, URLs and the database spell them.
 */
public enum ProviderName implements dev.pagos.persistence.Coded {
    PAYPAL,
    WOMPI;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The provider a client or a URL names; empty for anything else (never echoed: it is the client's input). */
    public static Optional<ProviderName> fromCode(String code) {
        return Arrays.stream(values()).filter(p -> p.code().equals(code)).findFirst();
    }

    @Override
    public String toString() {
        return code();
    }
}
