package dev.pagos.provider.paypal;

import dev.pagos.provider.CaptureResult.CaptureOutcome;
import dev.pagos.provider.PaymentEvent.Kind;

/** PayPal's words mapped to ours, in one place, with the reasons. */
final class PaypalMapping {

    private PaypalMapping() {
    }

    /** Orders v2 capture status (capture_status in the spec). */
    enum CaptureStatus { COMPLETED, DECLINED, PARTIALLY_REFUNDED, PENDING, REFUNDED, FAILED }

    /** Exhaustive on purpose: a new PayPal status must not compile until someone decides what it means. */
    static CaptureOutcome outcomeOf(CaptureStatus status) {
        return switch (status) {
            case COMPLETED -> CaptureOutcome.COMPLETED;
            // The money was captured and has since (partly) gone back; the refund's own event moves the order.
            case PARTIALLY_REFUNDED, REFUNDED -> CaptureOutcome.COMPLETED;
            // e.g. an eCheck or a review hold: PAYMENT.CAPTURE.COMPLETED or DENIED follows.
            case PENDING -> CaptureOutcome.PENDING;
            case DECLINED, FAILED -> CaptureOutcome.DECLINED;
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
