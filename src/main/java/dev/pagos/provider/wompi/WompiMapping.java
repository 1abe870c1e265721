package dev.pagos.provider.wompi;

import dev.pagos.provider.ConfirmedPayment.Stage;
import dev.pagos.provider.TokenCharges.Outcome;

/** Wompi's transaction statuses mapped to ours, in one place, with the reasons. */
final class WompiMapping {

    private WompiMapping() {
    }

    enum TransactionStatus { PENDING, APPROVED, DECLINED, VOIDED, ERROR }

    /** Exhaustive on purpose: a new Wompi status must not compile until someone decides what it means. */
    static Stage stageOf(TransactionStatus status) {
        return switch (status) {
            // The buyer is still paying (a PSE transfer, a 3-D Secure step): the event for the outcome follows.
            case PENDING -> Stage.AWAITING_BUYER;
            // Wompi takes the money when it approves: there is no capture step.
            case APPROVED -> Stage.CAPTURED;
            case DECLINED -> Stage.DECLINED;
            // An error at the bank or network: no money moved, the buyer may pay again with a new order.
            case ERROR -> Stage.DECLINED;
            // Annulled (card transactions can be voided): a decline before we settled, a refund after.
            case VOIDED -> Stage.VOIDED;
        };
    }

    /**
     * Which of several transactions of one reference decides the order (lower first): the one that took money
     * (approved, or approved and later voided), then one still in progress, then a refusal.
     */
    static int precedence(TransactionStatus status) {
        return switch (status) {
            case APPROVED -> 0;
            case VOIDED -> 1;
            case PENDING -> 2;
            case DECLINED -> 3;
            case ERROR -> 4;
        };
    }

    /**
     * A charge of a stored card (issue 7). ERROR and VOIDED move no money, as a decline does: for a subscription
     * they are a failed payment (dunning), not a technical failure, which is a call that got no answer at all.
     */
    static Outcome outcomeOf(TransactionStatus status) {
        return switch (status) {
            case PENDING -> Outcome.PENDING;
            case APPROVED -> Outcome.APPROVED;
            case DECLINED, ERROR, VOIDED -> Outcome.DECLINED;
        };
    }
}
