package dev.pagos.money;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void decimalStringFollowsTheCurrencysDecimals() {
        assertEquals("12.99", Money.of(1299, "USD").toDecimalString());
        assertEquals("0.05", Money.of(5, "USD").toDecimalString());
        assertEquals("24900.00", Money.of(2490000, "COP").toDecimalString());
        assertEquals("1500", Money.of(1500, "JPY").toDecimalString());
    }

    @Test
    void parsingIsExactAndRefusesFractionsOfACent() {
        assertEquals(Money.of(1299, "USD"), Money.parseDecimal("12.99", "USD"));
        assertEquals(Money.of(1200, "USD"), Money.parseDecimal("12", "USD"));
        assertEquals(Money.of(1500, "JPY"), Money.parseDecimal("1500", "JPY"));
        assertThrows(ArithmeticException.class, () -> Money.parseDecimal("12.999", "USD"));
        assertThrows(NumberFormatException.class, () -> Money.parseDecimal("twelve", "USD"));
    }

    @Test
    void invalidAmountsAndCurrenciesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Money.of(-1, "USD"));
        assertThrows(IllegalArgumentException.class, () -> Money.of(100, "usd"));
        assertThrows(NullPointerException.class, () -> Money.of(100, null));
    }
}
