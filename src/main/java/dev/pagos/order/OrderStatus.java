package dev.pagos.order;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a one-time order stands. Statuses only move forward through {@link #TRANSITIONS}; a late or
 * repeated provider event that would move an order anywhere else is ignored.
 */
public enum OrderStatus {
    /** Created; the buyer has not approved the payment yet. */
    PENDING,
    /** The buyer approved; we are capturing the money. Shown to the buyer as "processing". */
    APPROVED,
    /** The provider accepted the capture but holds the funds (e.g. an eCheck); a later event settles it. */
    CAPTURE_PENDING,
    /** Money captured and the product granted. */
    COMPLETED,
    /** Declined, reversed before capture, or rejected by the provider. Final. */
    FAILED,
    /** Captured money returned to the buyer; the product was revoked. Final. */
    REFUNDED,
    /**
     * The provider confirmed a payment whose amount or currency differs from the order's: nothing is granted
     * until a person looks. A refund still settles it.
     */
    NEEDS_REVIEW;

    private static final Map<OrderStatus, Set<OrderStatus>> TRANSITIONS = Map.of(
            PENDING, EnumSet.of(APPROVED, CAPTURE_PENDING, COMPLETED, FAILED, NEEDS_REVIEW),
            APPROVED, EnumSet.of(CAPTURE_PENDING, COMPLETED, FAILED, NEEDS_REVIEW),
            CAPTURE_PENDING, EnumSet.of(COMPLETED, FAILED, NEEDS_REVIEW),
            COMPLETED, EnumSet.of(REFUNDED),
            FAILED, EnumSet.noneOf(OrderStatus.class),
            REFUNDED, EnumSet.noneOf(OrderStatus.class),
            NEEDS_REVIEW, EnumSet.of(REFUNDED));

    /**
     * Moves only a person makes on the review desk, never an event, a redirect or the reconciliation job: a payment
     * held for review is accepted (granted) when its provider's record bears it out.
     */
    private static final Map<OrderStatus, Set<OrderStatus>> BY_A_PERSON = Map.of(NEEDS_REVIEW, EnumSet.of(COMPLETED));

    public boolean canMoveTo(OrderStatus next) {
        return TRANSITIONS.get(this).contains(next);
    }

    /** Whether a person on the review desk may move an order from here to {@code next} (beyond {@link #canMoveTo}). */
    public boolean canBeMovedByAPersonTo(OrderStatus next) {
        return canMoveTo(next) || BY_A_PERSON.getOrDefault(this, Set.of()).contains(next);
    }

    public boolean isFinal() {
        return TRANSITIONS.get(this).isEmpty();
    }
}
