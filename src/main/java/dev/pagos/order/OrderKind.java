package dev.pagos.order;

import dev.pagos.persistence.Coded;
import java.util.Locale;

/** What an order buys: a product or plan purchase (granted on completion), or a wallet top-up (credited on completion). */
public enum OrderKind implements Coded {
    PURCHASE,
    TOPUP;

    @Override
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    static OrderKind stored(String code) {
        return code == null ? PURCHASE : valueOf(code.toUpperCase(Locale.ROOT));
    }
}
