package dev.pagos.idempotency;

import java.time.Instant;

/** A create request made with an Idempotency-Key, once per (user, operation, key), and its final answer. */
public class KeyedRequest {

    public Long id;

    public String userId;

    public String operation;

    public String idempotencyKey;

    /** Hex SHA-256 of the canonical request; see {@link IdempotentRequest}. */
    public String requestHash;

    /** When the key was recorded; it is forgotten once older than the retention. */
    public Instant createdAt;

    /** While set and in the future, a request is running under this key and others must wait. */
    public Instant leaseUntil;

    /** The final answer, replayed to every retry; null until there is one. */
    public Integer responseStatus;

    public String responseBody;

    public Instant answeredAt;
}
