package dev.pagos.billing;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * One attempt to charge a subscription's period. A failure kind is a status of its own because each is handled
 * differently: a decline waits for the dunning schedule; an UNKNOWN attempt (no answer: unreachable, timeout,
 * 5xx) is asked about at the provider before anything is charged again, and sent again only if the provider
 * never got it.
 */
public enum ChargeStatus {
    /** Written; not sent yet (or sent and its answer not recorded yet). */
    CREATED,
    /** Sent, and no answer came back: the provider may or may not have it. */
    UNKNOWN,
    /** The provider has it and has not decided. */
    PENDING,
    APPROVED,
    /** Declined, errored or voided at the provider: no money moved. */
    DECLINED,
    /** The provider confirmed another amount, currency or reference than ours: nothing is granted until a person looks. */
    NEEDS_REVIEW,
    /** Approved money given back to the payer by a person's decision on the review desk (nothing it paid is kept). */
    REFUNDED;

    private static final Map<ChargeStatus, Set<ChargeStatus>> TRANSITIONS = Map.of(
            CREATED, EnumSet.of(UNKNOWN, PENDING, APPROVED, DECLINED, NEEDS_REVIEW),
            UNKNOWN, EnumSet.of(PENDING, APPROVED, DECLINED, NEEDS_REVIEW),
            PENDING, EnumSet.of(APPROVED, DECLINED, NEEDS_REVIEW),
            APPROVED, EnumSet.noneOf(ChargeStatus.class),
            DECLINED, EnumSet.noneOf(ChargeStatus.class),
            NEEDS_REVIEW, EnumSet.noneOf(ChargeStatus.class),
            REFUNDED, EnumSet.noneOf(ChargeStatus.class));

    /**
     * Moves only a person makes on the review desk: no provider answer or event moves a settled charge again, so
     * these stay out of {@link #TRANSITIONS} (whose final statuses are what events skip).
     */
    private static final Map<ChargeStatus, Set<ChargeStatus>> BY_A_PERSON = Map.of(
            NEEDS_REVIEW, EnumSet.of(APPROVED, REFUNDED),
            APPROVED, EnumSet.of(REFUNDED));

    public static final Set<ChargeStatus> OPEN = EnumSet.of(CREATED, UNKNOWN, PENDING);

    public boolean canMoveTo(ChargeStatus next) {
        return TRANSITIONS.get(this).contains(next);
    }

    public boolean canBeMovedByAPersonTo(ChargeStatus next) {
        return canMoveTo(next) || BY_A_PERSON.getOrDefault(this, Set.of()).contains(next);
    }

    public boolean isFinal() {
        return TRANSITIONS.get(this).isEmpty();
    }
}
