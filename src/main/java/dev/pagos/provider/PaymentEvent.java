package dev.pagos.provider;

import java.util.Optional;
import java.util.UUID;

/**
 * A verified provider event, mapped to our terms. {@code orderId} is our reference when the event carries
 * it; otherwise the order is found by {@code providerOrderId}. {@code deliveryId} names the signed delivery
 * (PayPal's transmission id) when the provider has one: it may carry this body and no other.
 */
public record PaymentEvent(
        String provider,
        String deliveryId,
        String eventId,
        String eventType,
        Kind kind,
        String providerOrderId,
        Optional<UUID> orderId,
        String captureId) {

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
        /** An event type we subscribe to or receive but do not act on. Acknowledged and recorded. */
        NOT_RELEVANT
    }
}
