package dev.pagos.webhook;

import dev.pagos.persistence.Transactions;
import dev.pagos.text.Truncate;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import dev.pagos.provider.PaymentEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Records each provider event once and hands out the right to apply it. A delivery claims the event
 * with a short lease; a repeat of a processed event is a duplicate; a repeat while another delivery holds
 * the lease must come back later; a delivery whose attempt failed leaves the event claimable again.
 */
@ApplicationScoped
public class WebhookInbox {

    public enum Claim { CLAIMED, DUPLICATE, IN_PROGRESS }

    public enum Result { PROCESSED, DUPLICATE, ABANDONED }

    /** @param acknowledgement the HTTP status that tells the provider the event was received (its verifier decides) */
    public record Receipt(String eventId, Result result, int acknowledgement) {
    }

    private final Clock clock;
    private final Duration lease;

    WebhookInbox(Clock clock, @ConfigProperty(name = "pagos.webhook.lease", defaultValue = "PT2M") Duration lease) {
        this.clock = clock;
        this.lease = lease;
    }

    /** A signed delivery came again with another body: someone re-used a signature. */
    public static class ReusedDeliveryException extends RuntimeException {

        ReusedDeliveryException(String provider, String deliveryId) {
            super(provider + " delivery " + deliveryId + " was already received with another body");
        }
    }

    /**
     * Records the event (once) and claims the right to apply it.
     *
     * @throws ReusedDeliveryException when the event's delivery id was seen with another body; nothing is written
     */
    public Claim claim(PaymentEvent event, byte[] rawBody) {
        Instant now = clock.instant();
        return Transactions.inTransaction(() -> recordDelivery(event, rawBody, now)
                .flatMap(ignored -> insertIfNew(event.provider().code(), event.eventId(), event.eventType(), rawBody, now))
                .flatMap(inserted -> inserted
                        ? Uni.createFrom().item(Claim.CLAIMED)
                        : reclaim(event.provider().code(), event.eventId(), now)));
    }

    /** A delivery id is bound to the first body it came with; the same bytes again are a plain repeat. */
    private Uni<Void> recordDelivery(PaymentEvent event, byte[] rawBody, Instant now) {
        if (event.deliveryId() == null) {
            return Uni.createFrom().voidItem();
        }
        String bodyHash = sha256(rawBody);
        String provider = event.provider().code();
        return WebhookStore.insertDelivery(provider, event.deliveryId(), bodyHash, event.eventId(), now)
                .flatMap(inserted -> inserted ? Uni.createFrom().voidItem()
                        : WebhookStore.deliveryHash(provider, event.deliveryId())
                                .onItem().ifNull().failWith(() -> new IllegalStateException("Delivery "
                                        + event.deliveryId() + " of " + provider + " is neither new nor recorded"))
                                .flatMap(firstHash -> bodyHash.equals(firstHash)
                                        ? Uni.createFrom().voidItem()
                                        : Uni.createFrom().failure(new ReusedDeliveryException(provider, event.deliveryId()))));
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    private Uni<Boolean> insertIfNew(String provider, String eventId, String eventType, byte[] rawBody, Instant now) {
        // ON CONFLICT keeps two simultaneous deliveries from both believing they are first.
        return WebhookStore.insertIfNew(provider, eventId, eventType, new String(rawBody, StandardCharsets.UTF_8), now,
                now.plus(lease));
    }

    private Uni<Claim> reclaim(String provider, String eventId, Instant now) {
        return WebhookStore.lock(provider, eventId)
                .onItem().ifNull().failWith(() -> missing(provider, eventId))
                .flatMap(event -> {
                    if (event.processedAt != null) {
                        return Uni.createFrom().item(Claim.DUPLICATE);
                    }
                    if (event.leaseUntil != null && event.leaseUntil.isAfter(now)) {
                        return Uni.createFrom().item(Claim.IN_PROGRESS);
                    }
                    event.attempts++;
                    event.leaseUntil = now.plus(lease);
                    return WebhookStore.reclaimed(event).replaceWith(Claim.CLAIMED);
                });
    }

    private static IllegalStateException missing(String provider, String eventId) {
        return new IllegalStateException("No " + provider + " event " + eventId + " in the inbox");
    }

    /** An abandoned event opened for a person's replay, or null when it is not abandoned (or does not exist). */
    public InboxEvent reopenAbandoned(long id) {
        return Transactions.autocommit(() -> WebhookStore.reopenAbandoned(id, clock.instant().plus(lease)));
    }

    public boolean exists(long id) {
        return Transactions.autocommit(() -> WebhookStore.exists(id)) > 0;
    }

    /** A replay that did not get through is closed as abandoned again, so it stays on the review desk. */
    public void abandonedAgain(String provider, String eventId, String reason) {
        finish(provider, eventId, "abandoned after a replay: " + reason, clock.instant());
    }

    /** The event's outcome as recorded now. */
    public String outcome(String provider, String eventId) {
        return Transactions.autocommit(() -> WebhookStore.find(provider, eventId)).outcome;
    }

    public void processed(String provider, String eventId, String outcome) {
        finish(provider, eventId, outcome, clock.instant());
    }

    /**
     * The attempt failed; the next delivery of the event may try again at once, unless this was its last
     * allowed attempt: then the event is closed as abandoned, so it cannot fail again and again for days.
     *
     * @return true when the event was abandoned
     */
    public boolean released(String provider, String eventId, String reason, int maxAttempts) {
        return Transactions.inTransaction(() -> WebhookStore.find(provider, eventId)
                .onItem().ifNull().failWith(() -> missing(provider, eventId))
                .flatMap(event -> {
                    boolean abandoned = event.attempts >= maxAttempts;
                    event.leaseUntil = null;
                    event.processedAt = abandoned ? clock.instant() : null;
                    event.outcome = Truncate.toLength((abandoned ? "abandoned after " + event.attempts + " attempts: "
                            : "attempt failed: ") + reason, 2000);
                    return WebhookStore.ended(event.id, event.leaseUntil, event.processedAt, event.outcome)
                            .replaceWith(abandoned);
                }));
    }

    private void finish(String provider, String eventId, String outcome, Instant processedAt) {
        // One statement.
        Transactions.autocommit(() -> WebhookStore.ended(provider, eventId, null, processedAt,
                        Truncate.toLength(outcome, 2000))
                .invoke(updated -> {
                    if (updated == 0) {
                        throw missing(provider, eventId);
                    }
                }));
    }
}
