package dev.pagos.webhook;

import dev.pagos.persistence.Sql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;

/**
 * The webhook tables (webhook_inbox, webhook_deliveries): their SQL and how their rows read. Public only for the
 * tests, which read inbox events back with {@link #SELECT_EVENT} and {@link #event(Row)}.
 */
public final class WebhookStore {

    /** Every column of webhook_inbox; add the WHERE clause. */
    public static final String SELECT_EVENT = "SELECT id, provider, event_id, event_type, payload, received_at, attempts,"
            + " lease_until, processed_at, outcome FROM webhook_inbox";

    private WebhookStore() {
    }

    /** @return whether the delivery id is new (false: it was recorded before, with the body hash it had then) */
    static Uni<Boolean> insertDelivery(String provider, String deliveryId, String bodyHash, String eventId, Instant now) {
        return Sql.update("""
                INSERT INTO webhook_deliveries (provider, delivery_id, body_sha256, event_id, received_at)
                VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (provider, delivery_id) DO NOTHING""", provider, deliveryId, bodyHash, eventId, now)
                .map(rows -> rows == 1);
    }

    static Uni<String> deliveryHash(String provider, String deliveryId) {
        return Sql.first("SELECT body_sha256 FROM webhook_deliveries WHERE provider = $1 AND delivery_id = $2",
                row -> row.getString(0), provider, deliveryId);
    }

    /** @return whether the event is new; ON CONFLICT keeps two simultaneous deliveries from both believing they are first */
    static Uni<Boolean> insertIfNew(String provider, String eventId, String eventType, String payload, Instant now,
            Instant leaseUntil) {
        return Sql.update("""
                INSERT INTO webhook_inbox (provider, event_id, event_type, payload, received_at, attempts, lease_until)
                VALUES ($1, $2, $3, $4, $5, 1, $6)
                ON CONFLICT (provider, event_id) DO NOTHING""", provider, eventId, eventType, payload, now, leaseUntil)
                .map(rows -> rows == 1);
    }

    /** The event, its row locked until the transaction ends; null when there is none. */
    static Uni<InboxEvent> lock(String provider, String eventId) {
        return Sql.first(SELECT_EVENT + " WHERE provider = $1 AND event_id = $2 FOR NO KEY UPDATE", WebhookStore::event,
                provider, eventId);
    }

    /** The event; null when there is none. */
    static Uni<InboxEvent> find(String provider, String eventId) {
        return Sql.first(SELECT_EVENT + " WHERE provider = $1 AND event_id = $2", WebhookStore::event, provider, eventId);
    }

    /** A new attempt at the event: one more attempt, under a new lease. */
    static Uni<Void> reclaimed(InboxEvent event) {
        return Sql.update("UPDATE webhook_inbox SET attempts = $2, lease_until = $3 WHERE id = $1",
                event.id, event.attempts, event.leaseUntil).replaceWithVoid();
    }

    /**
     * Opens an abandoned event for one more attempt under a new lease, in one statement: of two simultaneous replays
     * only one finds it abandoned. The attempt count stays above the limit, so a failure closes it as abandoned again.
     *
     * @return the event, or null when it is not (or no longer) abandoned
     */
    static Uni<InboxEvent> reopenAbandoned(long id, Instant leaseUntil) {
        return Sql.first("UPDATE webhook_inbox SET attempts = attempts + 1, lease_until = $2, processed_at = NULL,"
                + " outcome = 'replaying: ' || outcome WHERE id = $1 AND processed_at IS NOT NULL"
                + " AND outcome LIKE 'abandoned after%' RETURNING id, provider, event_id, event_type, payload,"
                + " received_at, attempts, lease_until, processed_at, outcome", WebhookStore::event, id, leaseUntil);
    }

    static Uni<Long> exists(long id) {
        return Sql.count("SELECT count(*) FROM webhook_inbox WHERE id = $1", id);
    }

    /** Writes how the event's latest attempt ended: its lease, when it was closed, and the outcome. */
    static Uni<Integer> ended(long id, Instant leaseUntil, Instant processedAt, String outcome) {
        return Sql.update("UPDATE webhook_inbox SET lease_until = $2, processed_at = $3, outcome = $4 WHERE id = $1",
                id, leaseUntil, processedAt, outcome);
    }

    /** As {@link #ended}, by the event's provider and id; 0 when there is no such event. */
    static Uni<Integer> ended(String provider, String eventId, Instant leaseUntil, Instant processedAt, String outcome) {
        return Sql.update("UPDATE webhook_inbox SET lease_until = $3, processed_at = $4, outcome = $5"
                + " WHERE provider = $1 AND event_id = $2", provider, eventId, leaseUntil, processedAt, outcome);
    }

    public static InboxEvent event(Row row) {
        InboxEvent event = new InboxEvent();
        event.id = row.getLong("id");
        event.provider = row.getString("provider");
        event.eventId = row.getString("event_id");
        event.eventType = row.getString("event_type");
        event.payload = row.getString("payload");
        event.receivedAt = Sql.instant(row, "received_at");
        event.attempts = row.getInteger("attempts");
        event.leaseUntil = Sql.instant(row, "lease_until");
        event.processedAt = Sql.instant(row, "processed_at");
        event.outcome = row.getString("outcome");
        return event;
    }
}
