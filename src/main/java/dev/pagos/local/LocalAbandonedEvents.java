package dev.pagos.local;

import dev.pagos.provider.PaymentEvent;
import dev.pagos.provider.PaymentProviders;
import dev.pagos.webhook.WebhookInbox;
import io.quarkus.arc.profile.UnlessBuildProfile;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Local mode only: a provider event that Pagos gave up on, for the review desk to show and replay. A simulator hands
 * over its signed event instead of posting it; the event is verified as a delivery is, recorded in the inbox, and
 * released as failed as many times as the pipeline allows ({@code pagos.webhook.max-attempts}), which closes it as
 * abandoned, exactly as an event that kept failing would end. Nothing of it is applied: what it says happens only
 * when a person replays it.
 */
@UnlessBuildProfile("prod")
@ApplicationScoped
public class LocalAbandonedEvents {

    static final String REASON = "LocalFault: abandoned on purpose by a local simulator";

    private final PaymentProviders providers;
    private final WebhookInbox inbox;
    private final int maxAttempts;

    LocalAbandonedEvents(PaymentProviders providers, WebhookInbox inbox,
            @ConfigProperty(name = "pagos.webhook.max-attempts", defaultValue = "5") int maxAttempts) {
        this.providers = providers;
        this.inbox = inbox;
        this.maxAttempts = maxAttempts;
    }

    /** @return the event's id in the inbox (provider's event id) */
    public String abandon(String provider, Map<String, String> headers, byte[] rawBody) {
        PaymentEvent event = providers.webhookVerifier(provider).verify(headers, rawBody);
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (inbox.claim(event, rawBody) != WebhookInbox.Claim.CLAIMED) {
                throw new IllegalStateException("Event " + event.eventId() + " is already in the inbox");
            }
            if (inbox.released(provider, event.eventId(), REASON, maxAttempts)) {
                return event.eventId();
            }
        }
        throw new IllegalStateException("Event " + event.eventId() + " was not abandoned after " + maxAttempts + " attempts");
    }
}
