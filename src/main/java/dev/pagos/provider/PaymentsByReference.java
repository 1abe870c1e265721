package dev.pagos.provider;

import java.util.Optional;

/**
 * Finds a payment by the reference we gave the provider (our order id), for providers where nothing exists at the
 * provider until the buyer pays (Wompi): if both the event and the buyer's redirect were lost, our order never
 * learned the provider's id of its payment, and this is the only way to ask. Implementations retry transient
 * failures and then throw {@link ProviderUnavailableException}; a refusal is a {@link ProviderRejectedException}.
 */
public interface PaymentsByReference {

    ProviderName provider();

    /**
     * The payment made for this reference, read from the provider's API; when there are several (a declined attempt,
     * then a paid one) the one that decides the order: money taken first, then one still in progress, then the newest.
     * Empty when the buyer never paid.
     */
    Optional<Found> findByReference(String reference);

    /** A payment the provider has on record for our reference, with its id (what events and redirects would have named). */
    record Found(String providerPaymentId, ConfirmedPayment payment) {
    }
}
