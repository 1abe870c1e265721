package dev.pagos.pricing;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How much time a purchase pays for. Annual is twelve months at {@link Pricing#ANNUAL_DISCOUNT_PERCENT} off. */
public enum BillingPeriod {
    MONTHLY(1),
    ANNUAL(12);

    private final int months;

    BillingPeriod(int months) {
        this.months = months;
    }

    public int months() {
        return months;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<BillingPeriod> fromCode(String code) {
        return Arrays.stream(values()).filter(p -> p.code().equals(code)).findFirst();
    }
}
