package dev.pagos.provider;

import java.util.Optional;
import java.util.UUID;

/**
 * A verified provider event, mapped to our terms: what it is ({@code kind}, {@code eventType}) apart from what it
 * is about ({@code subject}), by which the pipeline routes it. {@code deliveryId} names the signed delivery
 * (PayPal's transmission id) when the provider has one: it may carry this body and no other.
 */
public record PaymentEvent(
        ProviderName provider,
        String deliveryId,
        String eventId,
        String eventType,
        Kind kind,
        Subject subject) {

    public enum Kind {
        /** The buyer approved the checkout: capture it now. */
        CHECKOUT_APPROVED,
        CAPTURE_COMPLETED,
        CAPTURE_PENDING,
        CAPTURE_DECLINED,
        /** Money went back to the buyer (refund, chargeback, reversal). */
        CAPTURE_REFUNDED,
        /** The buyer's approval was withdrawn before we captured. */
        APPROVAL_REVERSED,
        /** A payment's status changed (providers that send one event type for every status, like Wompi). */
        PAYMENT_UPDATED,
        /** An event type we subscribe to or receive but do not act on. Acknowledged and recorded. */
        NOT_RELEVANT
    }

    /** What an event is about. */
    public sealed interface Subject permits OrderPayment, ChargePayment, Unrelated {
    }

    /**
     * The payment of one of our orders: {@code orderReference} is our reference when the event carries it,
     * {@code providerPaymentId} the provider's id of the payment (PayPal order, Wompi transaction) when it has one.
     */
    public record OrderPayment(Optional<UUID> orderReference, String providerPaymentId) implements Subject {
    }

    /**
     * A charge of one of our subscriptions (a renewal or a first payment made with a stored payment source):
     * {@code chargeReference} is our charge id when the event's reference names one.
     */
    public record ChargePayment(Optional<UUID> chargeReference, String providerPaymentId) implements Subject {
    }

    /** About nothing we sell (or nothing we can name). */
    public record Unrelated() implements Subject {
    }
}
