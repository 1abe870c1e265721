package dev.pagos.webhook;

import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import dev.pagos.order.OrderPayments;
import dev.pagos.provider.PaymentEvent;
import dev.pagos.provider.PaymentProviders;
import dev.pagos.provider.ProviderUnavailableException;
import dev.pagos.provider.WebhookRejectedException;
import dev.pagos.webhook.WebhookInbox.Receipt;
import dev.pagos.webhook.WebhookInbox.Result;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.jboss.logging.Logger;

/** verify -> record once -> apply: every provider webhook goes through these steps in this order. */
@ApplicationScoped
public class WebhookPipeline {

    private static final Logger LOG = Logger.getLogger(WebhookPipeline.class);

    private final PaymentProviders providers;
    private final WebhookInbox inbox;
    private final OrderPayments orderPayments;

    WebhookPipeline(PaymentProviders providers, WebhookInbox inbox, OrderPayments orderPayments) {
        this.providers = providers;
        this.inbox = inbox;
        this.orderPayments = orderPayments;
    }

    public Receipt receive(String provider, Map<String, String> headers, byte[] rawBody) {
        PaymentEvent event;
        try {
            event = providers.webhookVerifier(provider).verify(headers, rawBody);
        } catch (WebhookRejectedException e) {
            LOG.warnf("Rejected a %s webhook: %s", provider, e.getMessage());
            throw new PagosException(ErrorCode.INVALID_SIGNATURE, "The webhook could not be verified");
        }
        return switch (inbox.claim(event.provider(), event.eventId(), event.eventType(), rawBody)) {
            case DUPLICATE -> new Receipt(event.eventId(), Result.DUPLICATE);
            case IN_PROGRESS -> throw new PagosException(ErrorCode.EVENT_IN_PROGRESS,
                    "Event " + event.eventId() + " is being applied by another delivery; send it again later");
            case CLAIMED -> apply(event);
        };
    }

    private Receipt apply(PaymentEvent event) {
        String outcome;
        try {
            outcome = orderPayments.apply(event);
        } catch (ProviderUnavailableException e) {
            inbox.released(event.provider(), event.eventId(), "provider unavailable");
            // The provider redelivers events we do not acknowledge; the order waits, APPROVED, until then.
            throw new PagosException(ErrorCode.PROVIDER_UNAVAILABLE,
                    "Could not complete event " + event.eventId() + " now; deliver it again later", e);
        } catch (RuntimeException e) {
            inbox.released(event.provider(), event.eventId(), e.getClass().getSimpleName());
            throw e;
        }
        inbox.processed(event.provider(), event.eventId(), outcome);
        LOG.infof("%s %s %s: %s", event.provider(), event.eventType(), event.eventId(), outcome);
        return new Receipt(event.eventId(), Result.PROCESSED);
    }
}
