package dev.pagos.money;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/** An exact amount: integer minor units (cents) of an ISO 4217 currency. Never a double. */
public record Money(long minorUnits, String currency) {

    public Money {
        Objects.requireNonNull(currency, "currency");
        if (!currency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code: " + currency);
        }
        if (minorUnits < 0) {
            throw new IllegalArgumentException("amount must not be negative: " + minorUnits);
        }
    }

    public static Money of(long minorUnits, String currency) {
        return new Money(minorUnits, currency);
    }

    /** "12.99" for 1299 USD, "2490000" ... as the currency's decimals say; what provider APIs call a value. */
    public String toDecimalString() {
        return BigDecimal.valueOf(minorUnits, fractionDigits(currency)).toPlainString();
    }

    /** The inverse of {@link #toDecimalString()}; refuses values with more decimals than the currency has. */
    public static Money parseDecimal(String value, String currency) {
        BigDecimal decimal = new BigDecimal(value);
        // movePointRight + longValueExact throws rather than rounding a fraction of a cent away.
        long minor = decimal.movePointRight(fractionDigits(currency)).longValueExact();
        return new Money(minor, currency);
    }

    private static int fractionDigits(String currency) {
        int digits = Currency.getInstance(currency).getDefaultFractionDigits();
        return Math.max(digits, 0);
    }

    /**
     * As people read it, and as the demo and operator pages write it: "COP 663.600" (Colombian grouping, no cents on
     * whole pesos), "USD 1,009.80".
     * Written out rather than through a locale's NumberFormat, which a native image may not carry.
     */
    public String display() {
        boolean pesos = currency.equals("COP");
        BigDecimal value = new BigDecimal(toDecimalString());
        if (pesos && value.stripTrailingZeros().scale() <= 0) {
            value = value.setScale(0);
        }
        String plain = value.toPlainString();
        int point = plain.indexOf('.');
        String whole = point < 0 ? plain : plain.substring(0, point);
        StringBuilder grouped = new StringBuilder();
        for (int i = 0; i < whole.length(); i++) {
            if (i > 0 && (whole.length() - i) % 3 == 0) {
                grouped.append(pesos ? '.' : ',');
            }
            grouped.append(whole.charAt(i));
        }
        String fraction = point < 0 ? "" : (pesos ? "," : ".") + plain.substring(point + 1);
        return currency + " " + grouped + fraction;
    }
}
