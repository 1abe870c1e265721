package dev.pagos.provider;

/**
 * A provider that sells through a page it hosts (PayPal's approval page, Wompi's widget or web checkout).
 * Implementations retry transient failures themselves, always with the same idempotency key for the same
 * logical call, and then throw {@link ProviderUnavailableException}; a definitive refusal is a
 * {@link ProviderRejectedException}.
 */
public interface HostedCheckout {

    ProviderName provider();

    /**
     * Whether the provider can charge in this currency (Wompi: COP only; PayPal: the currencies its checkout takes,
     * not COP). Asked before an order is written: a refusal is UNSUPPORTED_PROVIDER (422) and nothing is stored or sent.
     */
    boolean accepts(String currency);

    /**
     * Whether this deployment has what the provider needs (keys). An unconfigured provider is not offered: ordering
     * with it is UNSUPPORTED_PROVIDER (422), as for a provider Pagos does not know.
     */
    default boolean configured() {
        return true;
    }

    /** Opens a checkout for the order; calling it again for the same order returns the same checkout. */
    Checkout open(CheckoutRequest request);

    /**
     * Reads a payment as the provider has it now (PayPal's order, Wompi's transaction). Webhooks and
     * redirects only tell us when to ask.
     */
    ConfirmedPayment lookup(String providerPaymentId);
}
