package dev.pagos.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pagos.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every combination of the product's pricing rules with exact cents. Prices as in the local seed: business 99.00,
 * business_lite 49.00, each assistant 29.00, bot 15.00, member 10.00, webhooks 5.00 (USD per month).
 */
class PricingTest {

    private static final ExchangeRate RATE_4200 = new ExchangeRate(new BigDecimal("4200"), ExchangeRate.Origin.FALLBACK,
            Instant.EPOCH);
    private static final ExchangeRate RATE_ODD = new ExchangeRate(new BigDecimal("4012.3456"), ExchangeRate.Origin.SOURCE,
            Instant.EPOCH);

    private static PricedItem plan(String id, long cents) {
        return new PricedItem(ItemKind.PLAN, id, id, id, Money.of(cents, "USD"), 1, false, null);
    }

    private static PricedItem assistant(String ref, boolean free) {
        return new PricedItem(ItemKind.ASSISTANT, ref, ref, ref, Money.of(2900, "USD"), 1, free, null);
    }

    private static PricedItem addon(String ref, long cents, int quantity) {
        return new PricedItem(ItemKind.ADDON, ref, ref, ref, Money.of(cents, "USD"), quantity, false, null);
    }

    private static List<PricedItem> items(PricedItem... items) {
        return new ArrayList<>(List.of(items));
    }

    @Test
    void planAloneMonthly() {
        Quote quote = Pricing.quote(items(plan("business", 9900)), BillingPeriod.MONTHLY, RATE_4200);
        assertEquals(9900, quote.plan().minorUnits());
        assertEquals(9900, quote.subtotalUsd().minorUnits());
        assertEquals(0, quote.discountUsd().minorUnits());
        assertEquals(9900, quote.totalUsd().minorUnits());
        // 99.00 x 4200 = 415,800 pesos
        assertEquals(Money.of(41_580_000, "COP"), quote.totalCop());
        assertEquals(0, quote.annualSavings().minorUnits());
        assertEquals(0, quote.discountPercent());
    }

    @Test
    void firstAssistantIsFreeWithAPlanAndTheOthersArePaid() {
        Quote quote = Pricing.quote(items(plan("business", 9900), assistant("ventas", true), assistant("comentarios", false),
                assistant("carritos", false)), BillingPeriod.MONTHLY, RATE_4200);
        assertEquals(5800, quote.assistants().minorUnits());
        assertEquals(0, quote.lines().get(1).amount().minorUnits());
        assertEquals(15700, quote.totalUsd().minorUnits());
        // 157.00 x 4200 = 659,400 pesos
        assertEquals(65_940_000, quote.totalCop().minorUnits());
    }

    @Test
    void addonsCountTheirQuantity() {
        Quote quote = Pricing.quote(items(plan("business_lite", 4900), assistant("ventas", true), addon("bot", 1500, 2),
                addon("member", 1000, 3), addon("webhooks", 500, 1)), BillingPeriod.MONTHLY, RATE_4200);
        assertEquals(3000 + 3000 + 500, quote.addons().minorUnits());
        assertEquals(4900 + 6500, quote.totalUsd().minorUnits());
        assertEquals(11400L * 42 * 100, quote.totalCop().minorUnits());
    }

    @Test
    void annualIsTwelveMonthsFifteenPercentOffTheWholeSubtotal() {
        Quote quote = Pricing.quote(items(plan("business", 9900), assistant("ventas", true), assistant("marketing", false),
                addon("bot", 1500, 2)), BillingPeriod.ANNUAL, RATE_4200);
        // monthly 99 + 29 + 30 = 158.00; x12 = 1,896.00; 15% = 284.40; total 1,611.60
        assertEquals(118800, quote.plan().minorUnits());
        assertEquals(34800, quote.assistants().minorUnits());
        assertEquals(36000, quote.addons().minorUnits());
        assertEquals(189600, quote.subtotalUsd().minorUnits());
        assertEquals(28440, quote.discountUsd().minorUnits());
        assertEquals(161160, quote.totalUsd().minorUnits());
        assertEquals(28440, quote.annualSavings().minorUnits());
        assertEquals(12, quote.months());
        assertEquals(15, quote.discountPercent());
        // 1,611.60 x 4200 = 6,768,720 pesos
        assertEquals(676_872_000, quote.totalCop().minorUnits());
    }

    @Test
    void assistantsOnlyPaysForEveryAssistant() {
        Quote monthly = Pricing.quote(items(assistant("ventas", false), assistant("carritos", false)), BillingPeriod.MONTHLY,
                RATE_4200);
        assertEquals(0, monthly.plan().minorUnits());
        assertEquals(5800, monthly.totalUsd().minorUnits());
        assertEquals(24_360_000, monthly.totalCop().minorUnits());
        Quote annual = Pricing.quote(items(assistant("ventas", false)), BillingPeriod.ANNUAL, RATE_4200);
        // 29 x 12 = 348.00; 15% = 52.20; 295.80 x 4200 = 1,242,360 pesos
        assertEquals(29580, annual.totalUsd().minorUnits());
        assertEquals(5220, annual.annualSavings().minorUnits());
        assertEquals(124_236_000, annual.totalCop().minorUnits());
    }

    @Test
    void theConversionIsRoundedOnceHalfUpToAWholePeso() {
        // 49.00 x 4012.3456 = 196,604.9344 pesos -> 196,605
        assertEquals(19_660_500, Pricing.quote(items(plan("business_lite", 4900)), BillingPeriod.MONTHLY, RATE_ODD)
                .totalCop().minorUnits());
        // 0.05 x 10 = 0.50 peso exactly: half-up gives 1 peso
        ExchangeRate ten = new ExchangeRate(BigDecimal.TEN, ExchangeRate.Origin.SOURCE, Instant.EPOCH);
        assertEquals(100, Pricing.toCop(5, ten).minorUnits());
        // 0.04 x 10 = 0.40 peso: down to 0
        assertEquals(0, Pricing.toCop(4, ten).minorUnits());
        // annual at an odd rate: 1,611.60 x 4012.3456 = 6,466,296.17 -> 6,466,296 pesos
        Quote annual = Pricing.quote(items(plan("business", 9900), assistant("ventas", true), assistant("marketing", false),
                addon("bot", 1500, 2)), BillingPeriod.ANNUAL, RATE_ODD);
        assertEquals(new BigDecimal("161160").multiply(new BigDecimal("4012.3456")).divide(new BigDecimal(100))
                .setScale(0, java.math.RoundingMode.HALF_UP).longValueExact() * 100, annual.totalCop().minorUnits());
        assertEquals(646_629_600, annual.totalCop().minorUnits());
    }

    @Test
    void theRateAndItsOriginTravelWithTheQuote() {
        Quote quote = Pricing.quote(items(plan("business", 9900)), BillingPeriod.MONTHLY, RATE_ODD);
        assertEquals(RATE_ODD, quote.rate());
    }

    @Test
    void refusesWhatCannotBePricedExactly() {
        assertThrows(IllegalArgumentException.class, () -> Pricing.quote(List.of(), BillingPeriod.MONTHLY, RATE_4200));
        assertThrows(IllegalArgumentException.class, () -> Pricing.quote(items(plan("odd", 9901)), BillingPeriod.ANNUAL,
                RATE_4200));
        assertThrows(IllegalArgumentException.class, () -> Pricing.quote(items(new PricedItem(ItemKind.PLAN, "p", "p", "p",
                Money.of(9900, "EUR"), 1, false, null)), BillingPeriod.MONTHLY, RATE_4200));
        assertThrows(IllegalArgumentException.class, () -> addon("bot", 1500, 0));
    }
}
