package dev.pagos.provider;

import java.util.Map;

/** Checks a provider's webhook against its raw bytes and turns it into a {@link PaymentEvent}. */
public interface WebhookVerifier {

    ProviderName provider();

    /**
     * @param headers the request headers (names in any case)
     * @param rawBody the exact bytes received; never a re-serialised copy
     * @throws WebhookRejectedException when the signature does not verify or the body is not an event
     */
    PaymentEvent verify(Map<String, String> headers, byte[] rawBody);
}
