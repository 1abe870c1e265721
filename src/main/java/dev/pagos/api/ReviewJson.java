package dev.pagos.api;

import dev.pagos.review.ReviewDesk;
import dev.pagos.review.ReviewItem;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The review desk as the API shows it (snake_case, as the desk's contract has it). */
public final class ReviewJson {

    private ReviewJson() {
    }

    /** The body of every desk action: why (required) and, for a refund made by hand, its reference. */
    @RegisterForReflection
    public record ActionRequest(String reason,
            @com.fasterxml.jackson.annotation.JsonProperty("manual_reference") String manualReference) {
    }

    public static Map<String, Object> page(ReviewDesk.Page page) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("items", page.items().stream().map(ReviewJson::item).toList());
        json.put("next_cursor", page.nextCursor());
        return json;
    }

    public static Map<String, Object> outcome(ReviewDesk.Outcome outcome) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("outcome", outcome.outcome());
        json.put("message", outcome.message());
        json.put("item", outcome.item() == null ? null : item(outcome.item()));
        return json;
    }

    static Map<String, Object> item(ReviewItem item) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", item.id());
        json.put("kind", item.kind().code());
        json.put("subject", Map.of("type", item.subjectType(), "id", item.subjectId()));
        json.put("title", item.title());
        json.put("reason", item.reason());
        json.put("provider", item.provider());
        json.put("amount", item.amount() == null ? null : Map.of("minor", item.amount().minorUnits(),
                "currency", item.amount().currency(),
                "display", item.amount().display()));
        json.put("buyer", item.buyer());
        json.put("flagged_at", item.flaggedAt().toString());
        json.put("provider_view", item.providerView() == null ? null : providerView(item.providerView()));
        json.put("audit", item.audit().stream().map(ReviewJson::auditLine).toList());
        json.put("actions", actions(item.actions()));
        return json;
    }

    private static Map<String, Object> providerView(ReviewItem.ProviderView view) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", view.status());
        json.put("read_at", view.readAt().toString());
        json.put("error", view.error());
        return json;
    }

    private static Map<String, Object> auditLine(ReviewItem.AuditLine line) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("at", line.at().toString());
        json.put("actor", line.actor());
        json.put("action", line.action());
        json.put("reason", line.reason());
        return json;
    }

    private static List<Map<String, Object>> actions(List<ReviewItem.Action> actions) {
        return actions.stream().map(action -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("action", action.action());
            json.put("method", "POST");
            json.put("path", action.path());
            json.put("label", action.label());
            json.put("needs_manual_reference", action.needsManualReference());
            return json;
        }).toList();
    }
}
