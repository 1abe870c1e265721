package dev.pagos.api;

import dev.pagos.wallet.Balance;
import dev.pagos.wallet.Entry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The wallet as the API shows it: balances per currency, and statement entries. */
public final class WalletJson {

    /** Every buyer has a wallet in these currencies, at zero until money comes in. */
    public static final List<String> CURRENCIES = List.of("COP", "USD");

    private WalletJson() {
    }

    public static Map<String, Object> balances(List<Balance> balances) {
        Map<String, Long> byCurrency = new TreeMap<>();
        CURRENCIES.forEach(currency -> byCurrency.put(currency, 0L));
        balances.forEach(balance -> byCurrency.put(balance.currency(), balance.balance()));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("balances", byCurrency.entrySet().stream().map(e -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("currency", e.getKey());
            one.put("balance", e.getValue());
            return one;
        }).toList());
        return json;
    }

    public static Map<String, Object> entry(Entry entry) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("entryId", entry.id());
        json.put("kind", entry.kind().code());
        json.put("amount", entry.amount());
        json.put("currency", entry.currency());
        json.put("balanceAfter", entry.balanceAfter());
        json.put("orderId", entry.orderId() == null ? null : entry.orderId().toString());
        json.put("chargeId", entry.chargeId() == null ? null : entry.chargeId().toString());
        json.put("actor", entry.actor());
        json.put("reason", entry.reason());
        json.put("createdAt", entry.createdAt().toString());
        return json;
    }
}
