package dev.pagos.provider;

import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Finds the provider implementations of each capability by provider. */
@ApplicationScoped
public class PaymentProviders {

    private final Map<ProviderName, HostedCheckout> checkouts;
    private final Map<ProviderName, PaymentCapture> captures;
    private final Map<ProviderName, WebhookVerifier> webhooks;
    private final Map<ProviderName, PaymentsByReference> searches;
    private final Map<ProviderName, CheckoutForms> forms;
    private final Map<ProviderName, PaymentRefunds> refunds;

    PaymentProviders(Instance<HostedCheckout> checkouts, Instance<PaymentCapture> captures,
            Instance<WebhookVerifier> webhooks, Instance<PaymentsByReference> searches, Instance<CheckoutForms> forms,
            Instance<PaymentRefunds> refunds) {
        this.checkouts = checkouts.stream().collect(Collectors.toMap(HostedCheckout::provider, Function.identity()));
        this.captures = captures.stream().collect(Collectors.toMap(PaymentCapture::provider, Function.identity()));
        this.webhooks = webhooks.stream().collect(Collectors.toMap(WebhookVerifier::provider, Function.identity()));
        this.searches = searches.stream().collect(Collectors.toMap(PaymentsByReference::provider, Function.identity()));
        this.forms = forms.stream().collect(Collectors.toMap(CheckoutForms::provider, Function.identity()));
        this.refunds = refunds.stream().collect(Collectors.toMap(PaymentRefunds::provider, Function.identity()));
    }

    /** The provider a client names for a one-time order, or UNSUPPORTED_PROVIDER. */
    public ProviderName named(String code) {
        return ProviderName.fromCode(code).filter(p -> checkouts.containsKey(p) && checkouts.get(p).configured())
                // Names are not echoed: they are the client's input, of any length.
                .orElseThrow(() -> new PagosException(ErrorCode.UNSUPPORTED_PROVIDER,
                        "This provider is not supported for one-time orders; use one of " + checkouts.values().stream()
                                .filter(HostedCheckout::configured).map(HostedCheckout::provider).toList()));
    }

    public HostedCheckout checkout(ProviderName provider) {
        HostedCheckout found = checkouts.get(provider);
        if (found == null) {
            throw new IllegalStateException("No hosted checkout for " + provider);
        }
        return found;
    }

    /** The hosted checkout of a provider, when Pagos has one for it (the wallet has none). */
    public Optional<HostedCheckout> checkoutOf(ProviderName provider) {
        return Optional.ofNullable(checkouts.get(provider));
    }

    /** The capture step, for providers that have one. */
    public Optional<PaymentCapture> capture(ProviderName provider) {
        return Optional.ofNullable(captures.get(provider));
    }

    /** The search by our reference, for providers that have one. */
    public Optional<PaymentsByReference> byReference(ProviderName provider) {
        return Optional.ofNullable(searches.get(provider));
    }

    /** The form our page posts to the provider's checkout, for providers whose checkout starts with one. */
    public Optional<CheckoutForms> form(ProviderName provider) {
        return Optional.ofNullable(forms.get(provider)).filter(f -> checkouts.containsKey(provider)
                && checkouts.get(provider).configured());
    }

    /** Refunds through the provider's API, for providers that offer them. */
    public Optional<PaymentRefunds> refunds(ProviderName provider) {
        return Optional.ofNullable(refunds.get(provider));
    }

    public WebhookVerifier webhookVerifier(String code) {
        return ProviderName.fromCode(code).map(webhooks::get)
                .orElseThrow(() -> new PagosException(ErrorCode.ROUTE_NOT_FOUND,
                        "No webhook endpoint for this provider; there are " + webhooks.keySet()));
    }
}
