package dev.pagos.webhook;

import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import dev.pagos.billing.SubscriptionCharges;
import dev.pagos.order.OrderPayments;
import dev.pagos.provider.PaymentEvent;
import dev.pagos.provider.PaymentProviders;
import dev.pagos.provider.ProviderUnavailableException;
import dev.pagos.provider.WebhookRejectedException;
import dev.pagos.webhook.WebhookInbox.Receipt;
import dev.pagos.webhook.WebhookInbox.Result;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import dev.pagos.provider.WebhookVerifier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** verify -> record once -> apply: every provider webhook goes through these steps in this order. */
@ApplicationScoped
public class WebhookPipeline {

    private static final Logger LOG = Logger.getLogger(WebhookPipeline.class);

    private final PaymentProviders providers;
    private final WebhookInbox inbox;
    private final OrderPayments orderPayments;
    private final SubscriptionCharges subscriptionCharges;
    /** Failures that are not the provider's or the database's: after this many, the event is closed as abandoned. */
    private final int maxAttempts;

    WebhookPipeline(PaymentProviders providers, WebhookInbox inbox, OrderPayments orderPayments,
            SubscriptionCharges subscriptionCharges,
            @ConfigProperty(name = "pagos.webhook.max-attempts", defaultValue = "5") int maxAttempts) {
        this.maxAttempts = maxAttempts;
        this.providers = providers;
        this.inbox = inbox;
        this.orderPayments = orderPayments;
        this.subscriptionCharges = subscriptionCharges;
    }

    public Receipt receive(String provider, Map<String, String> headers, byte[] rawBody) {
        PaymentEvent event;
        try {
            event = providers.webhookVerifier(provider).verify(headers, rawBody);
        } catch (WebhookRejectedException e) {
            LOG.warnf("Rejected a %s webhook: %s", provider, e.getMessage());
            throw notVerified();
        }
        WebhookVerifier verifier = providers.webhookVerifier(provider);
        WebhookInbox.Claim claim;
        try {
            claim = inbox.claim(event, rawBody);
        } catch (WebhookInbox.ReusedDeliveryException e) {
            LOG.warnf("Rejected a %s webhook: %s", provider, e.getMessage());
            throw notVerified();
        }
        return switch (claim) {
            case DUPLICATE -> new Receipt(event.eventId(), Result.DUPLICATE,
                    verifier.acknowledgement(event, Optional.empty()));
            case IN_PROGRESS -> throw new PagosException(ErrorCode.EVENT_IN_PROGRESS,
                    "Event " + event.eventId() + " is being applied by another delivery; send it again later");
            case CLAIMED -> apply(event, verifier);
        };
    }

    /** What a replay of an abandoned event came to. */
    public sealed interface Replayed {

        record NotFound() implements Replayed {
        }

        /** Processed, replayed by another click, or being applied right now: nothing was run. */
        record NotAbandoned() implements Replayed {
        }

        /** Run through the pipeline; {@code outcome} is what the inbox recorded (abandoned again if it failed again). */
        record Done(String outcome, boolean abandonedAgain) implements Replayed {
        }
    }

    /**
     * A person's replay of an abandoned event: its body, as received and verified then, is read again and applied by
     * the same step as a delivery ({@link #apply}), once: the event is reopened in one statement, so a double click
     * or a retry finds it no longer abandoned. If it fails again it is closed as abandoned again.
     */
    public Replayed replay(long inboxId) {
        InboxEvent stored = inbox.reopenAbandoned(inboxId);
        if (stored == null) {
            return inbox.exists(inboxId) ? new Replayed.NotAbandoned() : new Replayed.NotFound();
        }
        try {
            WebhookVerifier verifier = providers.webhookVerifier(stored.provider);
            PaymentEvent event = verifier.recorded(stored.payload.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (!event.eventId().equals(stored.eventId)) {
                throw new WebhookRejectedException("the stored body reads as event " + event.eventId());
            }
            Receipt receipt = apply(event, verifier);
            String outcome = inbox.outcome(stored.provider, stored.eventId);
            return new Replayed.Done(outcome, receipt.result() == Result.ABANDONED);
        } catch (RuntimeException e) {
            inbox.abandonedAgain(stored.provider, stored.eventId, e instanceof PagosException p ? p.code().name()
                    : e.getClass().getSimpleName() + ": " + e.getMessage());
            throw e;
        }
    }

    private static PagosException notVerified() {
        return new PagosException(ErrorCode.INVALID_SIGNATURE, "The webhook could not be verified");
    }

    private Receipt apply(PaymentEvent event, WebhookVerifier verifier) {
        OrderPayments.Applied outcome;
        try {
            outcome = route(event);
        } catch (ProviderUnavailableException e) {
            release(event, "provider unavailable", Integer.MAX_VALUE);
            // The provider redelivers events we do not acknowledge, and the reconciliation job asks it meanwhile.
            throw new PagosException(ErrorCode.PROVIDER_UNAVAILABLE,
                    "Could not complete event " + event.eventId() + " now; deliver it again later", e);
        } catch (PagosException e) {
            release(event, e.code().name(), e.code().httpStatus() >= 500 ? Integer.MAX_VALUE : maxAttempts);
            throw e;
        } catch (RuntimeException e) {
            if (release(event, e.getClass().getSimpleName(), maxAttempts)) {
                LOG.errorf(e, "%s event %s abandoned after %d attempts; it needs a person", event.provider(),
                        event.eventId(), maxAttempts);
                return new Receipt(event.eventId(), Result.ABANDONED, verifier.acknowledgement(event, Optional.empty()));
            }
            throw e;
        }
        inbox.processed(event.provider().code(), event.eventId(), outcome.description());
        LOG.infof("%s %s %s: %s", event.provider(), event.eventType(), event.eventId(), outcome.description());
        return new Receipt(event.eventId(), Result.PROCESSED,
                verifier.acknowledgement(event, Optional.ofNullable(outcome.confirmed())));
    }

    /** By what the event is about, not by its provider or type: the subscription issue adds its own subjects here. */
    private OrderPayments.Applied route(PaymentEvent event) {
        if (event.subject() instanceof PaymentEvent.OrderPayment payment) {
            return orderPayments.apply(event, payment);
        }
        if (event.subject() instanceof PaymentEvent.ChargePayment charge) {
            return new OrderPayments.Applied(subscriptionCharges.apply(event, charge), null);
        }
        return new OrderPayments.Applied("about nothing of ours: " + event.eventType(), null);
    }

    /** @return true when the event was abandoned; a failure to record the release only delays the next attempt */
    private boolean release(PaymentEvent event, String reason, int attemptsAllowed) {
        try {
            return inbox.released(event.provider().code(), event.eventId(), reason, attemptsAllowed);
        } catch (RuntimeException e) {
            LOG.warnf("Could not release %s event %s (its lease will run out instead): %s", event.provider(),
                    event.eventId(), e.getMessage());
            return false;
        }
    }
}
