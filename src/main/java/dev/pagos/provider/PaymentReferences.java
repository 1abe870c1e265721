package dev.pagos.provider;

import java.util.Optional;
import java.util.UUID;

/**
 * The opaque references Pagos gives providers, and what an event's reference is about: an order's is its id
 * ("3f2c..."), a subscription charge's is its id with a prefix ("charge-3f2c..."), so an event is routed by what
 * it names without asking the database which table knows it.
 */
public final class PaymentReferences {

    static final String CHARGE_PREFIX = "charge-";

    private PaymentReferences() {
    }

    public static String ofCharge(UUID chargeId) {
        return CHARGE_PREFIX + chargeId;
    }

    public static Optional<UUID> chargeId(String reference) {
        return reference != null && reference.startsWith(CHARGE_PREFIX)
                ? uuid(reference.substring(CHARGE_PREFIX.length())) : Optional.empty();
    }

    /** The subject of a provider event that carries one of our references (or something else). */
    public static PaymentEvent.Subject subjectOf(String reference, String providerPaymentId) {
        if (reference != null && reference.startsWith(CHARGE_PREFIX)) {
            return new PaymentEvent.ChargePayment(chargeId(reference), providerPaymentId);
        }
        return new PaymentEvent.OrderPayment(uuid(reference), providerPaymentId);
    }

    private static Optional<UUID> uuid(String text) {
        try {
            return text == null ? Optional.empty() : Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
