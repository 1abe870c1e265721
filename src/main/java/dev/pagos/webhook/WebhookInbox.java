package dev.pagos.webhook;

import dev.pagos.persistence.Transactions;
import dev.pagos.text.Truncate;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
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

    public record Receipt(String eventId, Result result) {
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
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                        INSERT INTO webhook_deliveries (provider, delivery_id, body_sha256, event_id, received_at)
                        VALUES (:provider, :deliveryId, :hash, :eventId, :now)
                        ON CONFLICT (provider, delivery_id) DO NOTHING""")
                .setParameter("provider", event.provider().code())
                .setParameter("deliveryId", event.deliveryId())
                .setParameter("hash", bodyHash)
                .setParameter("eventId", event.eventId())
                .setParameter("now", now)
                .executeUpdate()
                .flatMap(inserted -> inserted == 1 ? Uni.createFrom().voidItem() : session.createNativeQuery(
                                "SELECT body_sha256 FROM webhook_deliveries WHERE provider = :provider AND delivery_id = :deliveryId",
                                String.class)
                        .setParameter("provider", event.provider().code())
                        .setParameter("deliveryId", event.deliveryId())
                        .getSingleResult()
                        .flatMap(firstHash -> firstHash.equals(bodyHash)
                                ? Uni.createFrom().voidItem()
                                : Uni.createFrom().failure(new ReusedDeliveryException(event.provider().code(), event.deliveryId())))));
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
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                INSERT INTO webhook_inbox (provider, event_id, event_type, payload, received_at, attempts, lease_until)
                VALUES (:provider, :eventId, :eventType, :payload, :now, 1, :leaseUntil)
                ON CONFLICT (provider, event_id) DO NOTHING""")
                .setParameter("provider", provider)
                .setParameter("eventId", eventId)
                .setParameter("eventType", eventType)
                .setParameter("payload", new String(rawBody, StandardCharsets.UTF_8))
                .setParameter("now", now)
                .setParameter("leaseUntil", now.plus(lease))
                .executeUpdate())
                .map(rows -> rows == 1);
    }

    private Uni<Claim> reclaim(String provider, String eventId, Instant now) {
        return InboxEvent.<InboxEvent>find("provider = ?1 and eventId = ?2", provider, eventId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).singleResult()
                .map(event -> {
                    if (event.processedAt != null) {
                        return Claim.DUPLICATE;
                    }
                    if (event.leaseUntil != null && event.leaseUntil.isAfter(now)) {
                        return Claim.IN_PROGRESS;
                    }
                    event.attempts++;
                    event.leaseUntil = now.plus(lease);
                    return Claim.CLAIMED;
                });
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
        return Transactions.inTransaction(() -> InboxEvent.<InboxEvent>find("provider = ?1 and eventId = ?2", provider, eventId)
                .singleResult()
                .map(event -> {
                    boolean abandoned = event.attempts >= maxAttempts;
                    event.leaseUntil = null;
                    event.processedAt = abandoned ? clock.instant() : null;
                    event.outcome = Truncate.toLength((abandoned ? "abandoned after " + event.attempts + " attempts: "
                            : "attempt failed: ") + reason, 2000);
                    return abandoned;
                }));
    }

    private void finish(String provider, String eventId, String outcome, Instant processedAt) {
        Transactions.inTransaction(() -> InboxEvent.<InboxEvent>find("provider = ?1 and eventId = ?2", provider, eventId)
                .singleResult()
                .invoke(event -> {
                    event.processedAt = processedAt;
                    event.leaseUntil = null;
                    event.outcome = Truncate.toLength(outcome, 2000);
                }));
    }
}
