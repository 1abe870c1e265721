package dev.pagos.pricing;

import dev.pagos.money.Money;
import java.util.List;

/**
 * The price of a purchase, as the buyer's summary shows it. Every USD figure is exact (integer cents); the
 * charged amount {@code totalCop} is the only rounded one.
 *
 * @param lines every item with its amount for the whole period before the discount (zero for the free assistant)
 * @param plan the plan's amount for the period before the discount (zero for an assistants-only purchase)
 * @param assistants the paid assistants' amount for the period before the discount
 * @param addons the add-ons' amount (x quantity) for the period before the discount
 * @param subtotalUsd plan + assistants + add-ons
 * @param discountUsd the annual discount on the subtotal (zero for monthly)
 * @param totalUsd what the buyer pays, in dollars
 * @param totalCop what the buyer is charged: totalUsd at the rate, rounded half-up to a whole peso, in COP cents
 * @param annualSavings what paying annually saves against twelve monthly payments (zero for monthly)
 */
public record Quote(BillingPeriod period, int months, int discountPercent, List<Line> lines, Money plan,
        Money assistants, Money addons, Money subtotalUsd, Money discountUsd, Money totalUsd, Money totalCop,
        Money annualSavings, ExchangeRate rate) {

    public record Line(PricedItem item, Money amount) {
    }

    public Quote {
        lines = List.copyOf(lines);
    }
}
