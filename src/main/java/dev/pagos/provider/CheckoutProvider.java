package dev.pagos.provider;

/**
 * What the order domain needs from a payment provider that sells through a hosted checkout page.
 * Implementations retry transient failures themselves, always with the same idempotency key for the
 * same logical call, and then throw {@link ProviderUnavailableException}; a definitive refusal is a
 * {@link ProviderRejectedException}.
 */
public interface CheckoutProvider {

    /** The provider's name as clients and our database spell it ("paypal"). */
    String name();

    /** Opens a checkout for the order; calling it again for the same order returns the same checkout. */
    Checkout createCheckout(CheckoutRequest request);

    /** Reads the checkout as the provider has it now. Webhooks only tell us when to ask. */
    ConfirmedPayment lookup(String providerOrderId);

    /** Captures an approved checkout; calling it again for the same order captures nothing more. */
    ConfirmedPayment capture(CaptureRequest request);
}
