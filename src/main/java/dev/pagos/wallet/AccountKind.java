package dev.pagos.wallet;

import dev.pagos.persistence.Coded;
import java.util.Locale;

/**
 * The ledger's accounts. A wallet belongs to a buyer; the others are the system's side of every movement: money
 * that came in through a provider (its clearing account, one per provider), money earned (revenue), and money an
 * admin put in or took out (adjustment).
 */
public enum AccountKind implements Coded {
    WALLET,
    PROVIDER_CLEARING,
    REVENUE,
    ADJUSTMENT;

    @Override
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
