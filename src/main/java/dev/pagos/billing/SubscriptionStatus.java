package dev.pagos.billing;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a subscription stands. Statuses only move through {@link #TRANSITIONS}; "cancel at period end" is a flag
 * on an ACTIVE (or PAST_DUE) subscription, not a status, since access goes on until the paid period ends.
 */
public enum SubscriptionStatus {
    /** Created; its first charge has not been settled. */
    PENDING,
    /** Paid up to the end of the current period. */
    ACTIVE,
    /** A renewal was declined; dunning retries it and access is kept meanwhile (the grace). */
    PAST_DUE,
    /** Ended: canceled by its owner at the end of the paid period, or for non-payment. Final. */
    CANCELED,
    /** The first charge failed; nothing was ever granted. Final. */
    FAILED;

    private static final Map<SubscriptionStatus, Set<SubscriptionStatus>> TRANSITIONS = Map.of(
            PENDING, EnumSet.of(ACTIVE, FAILED),
            ACTIVE, EnumSet.of(PAST_DUE, CANCELED),
            PAST_DUE, EnumSet.of(ACTIVE, CANCELED),
            CANCELED, EnumSet.noneOf(SubscriptionStatus.class),
            FAILED, EnumSet.noneOf(SubscriptionStatus.class));

    /** Live subscriptions hold their workspace: a second one cannot start. */
    public static final Set<SubscriptionStatus> LIVE = EnumSet.of(PENDING, ACTIVE, PAST_DUE);

    public boolean canMoveTo(SubscriptionStatus next) {
        return TRANSITIONS.get(this).contains(next);
    }

    public boolean isFinal() {
        return TRANSITIONS.get(this).isEmpty();
    }

    /** Whether the workspace has what it subscribed to (PAST_DUE: within the dunning grace). */
    public boolean grantsAccess() {
        return this == ACTIVE || this == PAST_DUE;
    }
}
