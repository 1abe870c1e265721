package dev.pagos.pricing;

import dev.pagos.money.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * What a plan, AI assistants and add-ons cost: a pure function of the selection and the exchange rate (no I/O,
 * no provider). The rules are the product's:
 * <ul>
 *   <li>a plan purchase is the plan + every paid assistant + each add-on x its quantity; the assistant that
 *       comes with a plan is free; an assistants-only purchase pays for every assistant;</li>
 *   <li>annual is twelve months at 15% off the whole subtotal;</li>
 *   <li>the total in dollars is converted to pesos with the rate.</li>
 * </ul>
 * <b>The rounding rule</b>, the only one: the dollar total is exact (catalogue prices are whole multiples of 5
 * cents, so 15% of twelve months, 1.8 x the price, is always whole cents), and its conversion to pesos is
 * rounded once, half-up, to a whole peso (Wompi is paid in whole pesos), expressed in COP cents.
 */
public final class Pricing {

    public static final String USD = "USD";
    public static final String COP = "COP";
    public static final int ANNUAL_DISCOUNT_PERCENT = 15;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private Pricing() {
    }

    /**
     * @param items the plan (at most one), the assistants (the free one marked) and the add-ons, all priced in USD
     * @throws IllegalArgumentException for an empty purchase, a price not in USD or not a multiple of 5 cents
     */
    public static Quote quote(List<PricedItem> items, BillingPeriod period, ExchangeRate rate) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("a purchase holds at least one item");
        }
        List<Quote.Line> lines = new ArrayList<>();
        long plan = 0;
        long assistants = 0;
        long addons = 0;
        long monthly = 0;
        for (PricedItem item : items) {
            Money price = item.monthlyPrice();
            if (!USD.equals(price.currency()) || price.minorUnits() % 5 != 0) {
                throw new IllegalArgumentException("catalogue prices are USD in whole multiples of 5 cents: " + item.id());
            }
            long perMonth = item.free() ? 0 : Math.multiplyExact(price.minorUnits(), (long) item.quantity());
            long amount = Math.multiplyExact(perMonth, (long) period.months());
            monthly = Math.addExact(monthly, perMonth);
            switch (item.kind()) {
                case PLAN -> plan = Math.addExact(plan, amount);
                case ASSISTANT -> assistants = Math.addExact(assistants, amount);
                case ADDON -> addons = Math.addExact(addons, amount);
            }
            lines.add(new Quote.Line(item, usd(amount)));
        }
        long subtotal = Math.addExact(Math.addExact(plan, assistants), addons);
        long discount = period == BillingPeriod.ANNUAL ? percentOf(subtotal, ANNUAL_DISCOUNT_PERCENT) : 0;
        long totalUsd = subtotal - discount;
        // Twelve monthly payments of the same selection, against what the year costs now.
        long savings = period == BillingPeriod.ANNUAL ? Math.multiplyExact(monthly, 12L) - totalUsd : 0;
        return new Quote(period, period.months(), period == BillingPeriod.ANNUAL ? ANNUAL_DISCOUNT_PERCENT : 0, lines,
                usd(plan), usd(assistants), usd(addons), usd(subtotal), usd(discount), usd(totalUsd),
                toCop(totalUsd, rate), usd(savings), rate);
    }

    /** The one rounding: USD cents x rate -> pesos, half-up to a whole peso, in COP cents. */
    public static Money toCop(long usdCents, ExchangeRate rate) {
        BigDecimal pesos = BigDecimal.valueOf(usdCents).multiply(rate.copPerUsd()).divide(HUNDRED);
        return Money.of(pesos.setScale(0, RoundingMode.HALF_UP).longValueExact() * 100, COP);
    }

    private static long percentOf(long cents, int percent) {
        // Exact by the catalogue's 5-cent rule; longValueExact would refuse a fraction of a cent rather than round it.
        return BigDecimal.valueOf(cents).multiply(BigDecimal.valueOf(percent)).divide(HUNDRED).longValueExact();
    }

    private static Money usd(long cents) {
        return Money.of(cents, USD);
    }
}
