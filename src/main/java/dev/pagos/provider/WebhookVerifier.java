package dev.pagos.provider;

import java.util.Map;
import java.util.Optional;

/** Checks a provider's webhook against its raw bytes and turns it into a {@link PaymentEvent}. */
public interface WebhookVerifier {

    ProviderName provider();

    /**
     * @param headers the request headers (names in any case)
     * @param rawBody the exact bytes received; never a re-serialised copy
     * @throws WebhookRejectedException when the signature does not verify or the body is not an event
     */
    PaymentEvent verify(Map<String, String> headers, byte[] rawBody);

    /**
     * The event in a body that {@link #verify} accepted when it came (the inbox keeps it as received, not its
     * signature headers), read again for a person's replay of an abandoned event. The result is what {@link #verify}
     * returned then, less the delivery id; whatever it names is still confirmed with the provider's API.
     *
     * @throws WebhookRejectedException when the body is not an event of this provider
     */
    PaymentEvent recorded(byte[] rawBody);

    /**
     * The HTTP status that acknowledges a verified event, which the provider may read as more than "received"
     * (PaymentsWay: 200 for a successful payment, 201 for any other). Decided from the stage the provider's API
     * confirmed when the event was applied now; empty when nothing was confirmed (a repeat, an event about nothing
     * of ours), and then from the event alone. Only the answer depends on it: nothing is granted by it.
     */
    default int acknowledgement(PaymentEvent event, Optional<ConfirmedPayment.Stage> confirmed) {
        return 200;
    }
}
