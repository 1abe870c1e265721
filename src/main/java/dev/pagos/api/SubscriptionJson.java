package dev.pagos.api;

import dev.pagos.billing.Selections;
import dev.pagos.billing.Subscription;
import dev.pagos.billing.SubscriptionStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A subscription as the seed frontend reads it (GET /subscriptions/{workspaceId}): its fields with their names and
 * types ({@code workspace_id} a number when it is one, assistants and add-ons by number, {@code next_billing_at} in
 * UTC), followed by Pagos's own fields, all snake_case. Nothing is renamed.
 */
public final class SubscriptionJson {

    private SubscriptionJson() {
    }

    public static Map<String, Object> of(Subscription s) {
        Map<String, Object> json = new LinkedHashMap<>();
        // The seed's shape.
        json.put("workspace_id", s.workspaceIdAsSeedTypesIt());
        json.put("workspace_name", s.workspaceName);
        json.put("status", s.status.name());
        putSelection(json, s.selection);
        json.put("next_billing_at", text(nextBillingAt(s)));
        json.put("email", s.email);
        json.put("phone", s.phone);
        // Pagos's own.
        json.put("subscription_id", s.id.toString());
        json.put("owner_email", s.email);
        json.put("billing_period", s.billingPeriod.code());
        json.put("current_period_start", text(s.currentPeriodStart));
        json.put("current_period_end", text(s.currentPeriodEnd));
        json.put("cancel_at_period_end", s.cancelAtPeriodEnd);
        json.put("canceled_at", text(s.canceledAt));
        json.put("amount_usd", s.priceUsdMinor);
        json.put("amount_cop", s.priceCopMinor);
        json.put("usd_currency", "USD");
        json.put("currency", "COP");
        json.put("exchange_rate", s.exchangeRate.toPlainString());
        json.put("exchange_rate_origin", s.exchangeRateOrigin.name().toLowerCase(java.util.Locale.ROOT));
        json.put("pending_change", pendingChange(s));
        json.put("card_last_four", s.providerData == null ? null : s.providerData.get(Subscription.CARD_LAST_FOUR));
        json.put("payment_method", s.paymentChoice.code());
        json.put("failure_reason", s.failureReason);
        json.put("created_at", text(s.createdAt));
        json.put("updated_at", text(s.updatedAt));
        return json;
    }

    public static Map<String, Object> page(List<Subscription> rows, int page, int limit, long total) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("data", rows.stream().map(SubscriptionJson::of).toList());
        json.put("page", page);
        json.put("limit", limit);
        json.put("total", total);
        json.put("total_pages", (total + limit - 1) / limit);
        return json;
    }

    private static void putSelection(Map<String, Object> json, Map<String, Object> selection) {
        json.put("plan_id", selection.get("plan"));
        json.put("free_assistant_id", Selections.freeAssistant(selection));
        json.put("paid_assistant_ids", Selections.paidAssistants(selection));
        json.put("addons", Selections.addons(selection).stream().map(addon -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", addon.get("id"));
            item.put("quantity", addon.get("quantity"));
            item.put("bot_flow_ns", addon.get("botFlowId"));
            return item;
        }).toList());
    }

    private static Map<String, Object> pendingChange(Subscription s) {
        if (s.pendingChange == null) {
            return null;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        putSelection(json, s.pendingChange);
        json.put("amount_usd", s.pendingChange.get("priceUsdMinor"));
        json.put("effective_at", text(s.currentPeriodEnd));
        return json;
    }

    /** When the next charge is expected: the end of the paid period, or the next dunning attempt; none once it ends. */
    private static Instant nextBillingAt(Subscription s) {
        return switch (s.status) {
            case ACTIVE -> s.cancelAtPeriodEnd ? null : s.currentPeriodEnd;
            case PAST_DUE -> s.nextActionAt;
            case PENDING, CANCELED, FAILED -> null;
        };
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    static boolean isLive(Subscription s) {
        return SubscriptionStatus.LIVE.contains(s.status);
    }
}
