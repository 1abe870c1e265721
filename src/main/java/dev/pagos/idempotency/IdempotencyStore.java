package dev.pagos.idempotency;

import dev.pagos.persistence.Sql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;

/**
 * The idempotency_keys table: its SQL and how its rows read. Public only for the tests, which read keys back with
 * {@link #SELECT_KEY} and {@link #keyedRequest(Row)}.
 */
public final class IdempotencyStore {

    /** Every column of idempotency_keys; add the WHERE clause. */
    public static final String SELECT_KEY = "SELECT id, user_id, operation, idempotency_key, request_hash, created_at,"
            + " lease_until, response_status, response_body, answered_at FROM idempotency_keys";
    private static final String THE_KEY = " user_id = $1 AND operation = $2 AND idempotency_key = $3";

    private IdempotencyStore() {
    }

    /** Deletes the request's key if it was recorded at or before {@code cutoff}. */
    static Uni<Integer> deleteIfRecordedBy(IdempotentRequest request, Instant cutoff) {
        return Sql.update("DELETE FROM idempotency_keys WHERE" + THE_KEY + " AND created_at <= $4",
                request.userId(), request.operation(), request.key(), cutoff);
    }

    /**
     * @return whether the key is new. ON CONFLICT keeps two simultaneous first requests from both believing they are
     *         first: the second waits for the first to commit and then finds its row.
     */
    static Uni<Boolean> insertIfNew(IdempotentRequest request, Instant now, Instant leaseUntil) {
        return Sql.update("""
                INSERT INTO idempotency_keys (user_id, operation, idempotency_key, request_hash, created_at, lease_until)
                VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (user_id, operation, idempotency_key) DO NOTHING""",
                request.userId(), request.operation(), request.key(), request.requestHash(), now, leaseUntil)
                .map(rows -> rows == 1);
    }

    /** Deletes up to {@code batch} keys recorded at or before {@code cutoff}, oldest first, skipping locked rows. */
    static Uni<Integer> deleteSomeRecordedBy(Instant cutoff, int batch) {
        return Sql.update("""
                DELETE FROM idempotency_keys WHERE id IN (
                    SELECT id FROM idempotency_keys WHERE created_at <= $1
                    ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)""", cutoff, batch);
    }

    /** The request's key, its row locked until the transaction ends; null when there is none. */
    static Uni<KeyedRequest> lock(IdempotentRequest request) {
        return Sql.first(SELECT_KEY + " WHERE" + THE_KEY + " FOR NO KEY UPDATE", IdempotencyStore::keyedRequest,
                request.userId(), request.operation(), request.key());
    }

    static Uni<Integer> leaseUntil(long id, Instant leaseUntil) {
        return Sql.update("UPDATE idempotency_keys SET lease_until = $2 WHERE id = $1", id, leaseUntil);
    }

    /** Keeps the answer of the request's key, unless it has one; ends its lease. */
    static Uni<Integer> answer(IdempotentRequest request, Answer answer, Instant answeredAt) {
        return Sql.update("UPDATE idempotency_keys SET response_status = $4, response_body = $5, answered_at = $6,"
                        + " lease_until = NULL WHERE" + THE_KEY + " AND response_status IS NULL",
                request.userId(), request.operation(), request.key(), answer.status(), answer.body(), answeredAt);
    }

    /** Ends the lease of the request's key, unless it has an answer. */
    static Uni<Integer> release(IdempotentRequest request) {
        return Sql.update("UPDATE idempotency_keys SET lease_until = NULL WHERE" + THE_KEY
                + " AND response_status IS NULL", request.userId(), request.operation(), request.key());
    }

    public static KeyedRequest keyedRequest(Row row) {
        KeyedRequest request = new KeyedRequest();
        request.id = row.getLong("id");
        request.userId = row.getString("user_id");
        request.operation = row.getString("operation");
        request.idempotencyKey = row.getString("idempotency_key");
        request.requestHash = row.getString("request_hash");
        request.createdAt = Sql.instant(row, "created_at");
        request.leaseUntil = Sql.instant(row, "lease_until");
        request.responseStatus = row.getInteger("response_status");
        request.responseBody = row.getString("response_body");
        request.answeredAt = Sql.instant(row, "answered_at");
        return request;
    }
}
