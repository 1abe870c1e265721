package dev.pagos.pricing;

import dev.pagos.money.Money;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A quote as JSON-ready maps: the buyer's summary (the quote function's answer) and the breakdown stored on the
 * order are the same shape. Amounts are integer minor units with their currency.
 */
public final class QuoteMaps {

    private QuoteMaps() {
    }

    public static Map<String, Object> of(Quote quote) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("period", quote.period().code());
        map.put("months", quote.months());
        map.put("discountPercent", quote.discountPercent());
        List<Map<String, Object>> lines = quote.lines().stream().map(line -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("kind", line.item().kind().name().toLowerCase(java.util.Locale.ROOT));
            item.put("id", line.item().id());
            item.put("reference", line.item().reference());
            item.put("name", line.item().name());
            item.put("quantity", line.item().quantity());
            item.put("free", line.item().free());
            item.put("botFlowId", line.item().botFlowId());
            item.put("monthlyPrice", line.item().monthlyPrice().minorUnits());
            item.put("amount", line.amount().minorUnits());
            item.put("currency", line.amount().currency());
            return item;
        }).toList();
        map.put("lines", lines);
        map.put("plan", quote.plan().minorUnits());
        map.put("assistants", quote.assistants().minorUnits());
        map.put("addons", quote.addons().minorUnits());
        map.put("subtotalUsd", quote.subtotalUsd().minorUnits());
        map.put("discountUsd", quote.discountUsd().minorUnits());
        map.put("totalUsd", quote.totalUsd().minorUnits());
        map.put("annualSavingsUsd", quote.annualSavings().minorUnits());
        map.put("usdCurrency", Pricing.USD);
        map.put("totalCop", quote.totalCop().minorUnits());
        map.put("copCurrency", Pricing.COP);
        map.put("totalUsdDisplay", display(quote.totalUsd()));
        map.put("totalCopDisplay", display(quote.totalCop()));
        map.put("exchangeRate", quote.rate().copPerUsd().toPlainString());
        map.put("exchangeRateOrigin", quote.rate().origin().name().toLowerCase(java.util.Locale.ROOT));
        map.put("exchangeRateAsOf", quote.rate().asOf() == null ? null : quote.rate().asOf().toString());
        map.put("rounding", "USD x rate, rounded half-up once to a whole peso");
        return map;
    }

    private static String display(Money money) {
        return money.toDecimalString() + " " + money.currency();
    }
}
