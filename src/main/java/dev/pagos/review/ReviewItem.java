package dev.pagos.review;

import dev.pagos.money.Money;
import java.time.Instant;
import java.util.List;

/**
 * One thing on the review desk: what it is about, why Pagos flagged it, what its provider says now, its audit trail
 * and what a person may do about it.
 *
 * @param providerReference the provider's id of the payment (read live for {@code providerView}); never shown
 */
public record ReviewItem(Kind kind, String subjectType, String subjectId, String title, String reason, String provider,
        Money amount, String buyer, Instant flaggedAt, String providerReference, ProviderView providerView,
        List<AuditLine> audit, List<Action> actions) {

    /** Why the item is on the desk. */
    public enum Kind {
        ORDER_NEEDS_REVIEW, CHARGE_NEEDS_REVIEW, EVENT_ABANDONED, CHARGE_UNKNOWN, SUBSCRIPTION_WITHOUT_NEXT_ACTION,
        CHARGE_TO_REFUND;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** "order:3f0c...": stable across reads. */
    public String id() {
        return subjectType + ":" + subjectId;
    }

    /** What the provider's API said when the desk was read; {@code error} when it could not say in time. */
    public record ProviderView(String status, Instant readAt, String error) {
    }

    /** A line of the subject's trail or of the admin actions on it, oldest first. */
    public record AuditLine(Instant at, String actor, String action, String reason) {
    }

    /** An action a person may take, with the route that takes it. */
    public record Action(String action, String path, String label, boolean needsManualReference) {
    }

    ReviewItem with(ProviderView view, List<AuditLine> trail, List<Action> offered) {
        return new ReviewItem(kind, subjectType, subjectId, title, reason, provider, amount, buyer, flaggedAt,
                providerReference, view, trail, offered);
    }
}
