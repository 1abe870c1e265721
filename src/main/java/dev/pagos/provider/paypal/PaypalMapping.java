package dev.pagos.provider.paypal;

import dev.pagos.provider.ConfirmedPayment.Stage;
import dev.pagos.provider.PaymentEvent.Kind;

/** PayPal's words mapped to ours, in one place, with the reasons. */
final class PaypalMapping {

    private PaypalMapping() {
    }

    /** Orders v2 order status (order_status in the spec). */
    enum OrderStatus { CREATED, SAVED, APPROVED, VOIDED, COMPLETED, PAYER_ACTION_REQUIRED }

    /** Orders v2 capture status (capture_status in the spec). */
    enum CaptureStatus { COMPLETED, DECLINED, PARTIALLY_REFUNDED, PENDING, REFUNDED, FAILED }

    /**
     * Where an order stands before anything was captured. Exhaustive on purpose: a new PayPal status must not
     * compile until someone decides what it means. COMPLETED is decided by its capture, see {@link #stageOf(CaptureStatus)}.
     */
    static Stage stageOf(OrderStatus status) {
        return switch (status) {
            case CREATED, SAVED, PAYER_ACTION_REQUIRED -> Stage.AWAITING_BUYER;
            case APPROVED -> Stage.APPROVED;
            // PayPal voids an order whose approval was withdrawn or whose authorization lapsed: no money moved.
            case VOIDED -> Stage.DECLINED;
            // An order COMPLETED without a capture on record cannot be trusted to mean "paid".
            case COMPLETED -> Stage.DECLINED;
        };
    }

    static Stage stageOf(CaptureStatus status) {
        return switch (status) {
            case COMPLETED -> Stage.CAPTURED;
            // e.g. an eCheck or a review hold: a later change (and its event) settles it.
            case PENDING -> Stage.CAPTURE_PENDING;
            case DECLINED, FAILED -> Stage.DECLINED;
            // For digital goods a partial refund returns the purchase too; see the README's refund rule.
            case PARTIALLY_REFUNDED, REFUNDED -> Stage.REFUNDED;
        };
    }

    /** Webhook event types; anything unlisted is acknowledged and not acted on. */
    static Kind kindOf(String eventType) {
        return switch (eventType) {
            case "CHECKOUT.ORDER.APPROVED" -> Kind.CHECKOUT_APPROVED;
            case "PAYMENT.CAPTURE.COMPLETED" -> Kind.CAPTURE_COMPLETED;
            case "PAYMENT.CAPTURE.PENDING" -> Kind.CAPTURE_PENDING;
            // PayPal's pages name the refusal both ways.
            case "PAYMENT.CAPTURE.DENIED", "PAYMENT.CAPTURE.DECLINED" -> Kind.CAPTURE_DECLINED;
            // A reversal is a chargeback or a bank return: the money left us as surely as with a refund.
            case "PAYMENT.CAPTURE.REFUNDED", "PAYMENT.CAPTURE.REVERSED" -> Kind.CAPTURE_REFUNDED;
            case "CHECKOUT.PAYMENT-APPROVAL.REVERSED" -> Kind.APPROVAL_REVERSED;
            default -> Kind.NOT_RELEVANT;
        };
    }
}
