package dev.pagos.idempotency;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A create request made with an Idempotency-Key, once per (user, operation, key), and its final answer. */
@Entity
@Table(name = "idempotency_keys")
public class KeyedRequest extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "user_id")
    public String userId;

    public String operation;

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    /** Hex SHA-256 of the canonical request; see {@link IdempotentRequest}. */
    @Column(name = "request_hash")
    public String requestHash;

    /** When the key was recorded; it is forgotten once older than the retention. */
    @Column(name = "created_at")
    public Instant createdAt;

    /** While set and in the future, a request is running under this key and others must wait. */
    @Column(name = "lease_until")
    public Instant leaseUntil;

    /** The final answer, replayed to every retry; null until there is one. */
    @Column(name = "response_status")
    public Integer responseStatus;

    @Column(name = "response_body", columnDefinition = "text")
    public String responseBody;

    @Column(name = "answered_at")
    public Instant answeredAt;
}
