package dev.pagos.webhook;

import dev.pagos.persistence.Transactions;
import dev.pagos.text.Truncate;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.nio.charset.StandardCharsets;
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

    public enum Result { PROCESSED, DUPLICATE }

    public record Receipt(String eventId, Result result) {
    }

    private final Clock clock;
    private final Duration lease;

    WebhookInbox(Clock clock, @ConfigProperty(name = "pagos.webhook.lease", defaultValue = "PT2M") Duration lease) {
        this.clock = clock;
        this.lease = lease;
    }

    public Claim claim(String provider, String eventId, String eventType, byte[] rawBody) {
        Instant now = clock.instant();
        return Transactions.inTransaction(() -> insertIfNew(provider, eventId, eventType, rawBody, now)
                .flatMap(inserted -> inserted
                        ? Uni.createFrom().item(Claim.CLAIMED)
                        : reclaim(provider, eventId, now)));
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

    /** The attempt failed; the next delivery of the event may try again at once. */
    public void released(String provider, String eventId, String reason) {
        finish(provider, eventId, "attempt failed: " + reason, null);
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
