package dev.pagos.provider;

import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Finds the provider implementations by the name clients use. */
@ApplicationScoped
public class PaymentProviders {

    private final Map<String, CheckoutProvider> checkouts;
    private final Map<String, WebhookVerifier> webhooks;

    PaymentProviders(Instance<CheckoutProvider> checkouts, Instance<WebhookVerifier> webhooks) {
        this.checkouts = checkouts.stream().collect(Collectors.toMap(CheckoutProvider::name, Function.identity()));
        this.webhooks = webhooks.stream().collect(Collectors.toMap(WebhookVerifier::provider, Function.identity()));
    }

    public CheckoutProvider checkout(String provider) {
        CheckoutProvider found = provider == null ? null : checkouts.get(provider);
        if (found == null) {
            // Names are not echoed: they are the client's input, of any length.
            throw new PagosException(ErrorCode.UNSUPPORTED_PROVIDER,
                    "This provider is not supported for one-time orders; use one of " + checkouts.keySet());
        }
        return found;
    }

    public WebhookVerifier webhookVerifier(String provider) {
        WebhookVerifier found = provider == null ? null : webhooks.get(provider);
        if (found == null) {
            throw new PagosException(ErrorCode.ROUTE_NOT_FOUND, "No webhook endpoint for this provider; there are " + webhooks.keySet());
        }
        return found;
    }
}
