package dev.pagos.idempotency;

import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import dev.pagos.persistence.Transactions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Stripe's Idempotency-Key semantics for create operations. The first request with a key records it and
 * runs the operation under a lease; a final answer is kept and replayed to every later request with the
 * same key and body, which never runs the operation again. The same key with another body is refused,
 * and so is the same key while its first request is still running. A failure (an exception) keeps no
 * answer and releases the key, so a retry with it runs the operation again. No transaction stays open
 * while the operation runs: the claim and the answer are two short transactions around it.
 */
@ApplicationScoped
public class IdempotencyKeys {

    private static final Logger LOG = Logger.getLogger(IdempotencyKeys.class);

    /** More than one, so the table shrinks back after a burst of keys; few, so recording one stays quick. */
    static final int EXPIRED_KEYS_DELETED_PER_NEW_KEY = 10;

    private final Clock clock;
    private final Duration lease;
    private final Duration retention;

    IdempotencyKeys(Clock clock,
            @ConfigProperty(name = "pagos.idempotency.lease") Duration lease,
            @ConfigProperty(name = "pagos.idempotency.retention") Duration retention) {
        this.clock = clock;
        this.lease = lease;
        this.retention = retention;
    }

    /**
     * Runs {@code operation} once for the request's key. The answer it returns is final: kept and replayed.
     * If it throws, nothing is kept and the exception goes on.
     *
     * @throws PagosException IDEMPOTENCY_KEY_REUSED for the same key with another request,
     *         IDEMPOTENCY_KEY_IN_PROGRESS while the key's first request is still running
     */
    public Answer once(IdempotentRequest request, Supplier<Answer> operation) {
        Optional<Answer> firstAnswer = claim(request);
        if (firstAnswer.isPresent()) {
            return firstAnswer.get();
        }
        Answer answer;
        try {
            answer = operation.get();
        } catch (RuntimeException | Error failure) {
            release(request, failure);
            throw failure;
        }
        keep(request, answer);
        return answer;
    }

    /** Empty when this request holds the key now and must run the operation; else the answer to replay. */
    private Optional<Answer> claim(IdempotentRequest request) {
        Instant now = clock.instant();
        return Transactions.inTransaction(() -> forgetIfExpired(request, now)
                .flatMap(forgotten -> insertIfNew(request, now))
                .flatMap(inserted -> inserted
                        ? deleteSomeExpired(now).map(deleted -> Optional.<Answer>empty())
                        : claimRecorded(request, now)));
    }

    /** An expired key is treated as never seen: its old row goes, and the request records it anew. */
    private Uni<Integer> forgetIfExpired(IdempotentRequest request, Instant now) {
        return IdempotencyStore.deleteIfRecordedBy(request, now.minus(retention));
    }

    private Uni<Boolean> insertIfNew(IdempotentRequest request, Instant now) {
        // ON CONFLICT keeps two simultaneous first requests from both believing they are first: the second
        // waits for the first to commit and then finds its row.
        return IdempotencyStore.insertIfNew(request, now, now.plus(lease));
    }

    /**
     * Each new key removes a few expired ones, so the table holds about one retention's worth of keys
     * without a scheduled job. SKIP LOCKED: rows another request is deleting are left to it.
     */
    private Uni<Integer> deleteSomeExpired(Instant now) {
        return IdempotencyStore.deleteSomeRecordedBy(now.minus(retention), EXPIRED_KEYS_DELETED_PER_NEW_KEY);
    }

    private Uni<Optional<Answer>> claimRecorded(IdempotentRequest request, Instant now) {
        // Locked: a request released after a failure may be claimed by two retries at once; one must wait.
        return IdempotencyStore.lock(request)
                .onItem().ifNull().failWith(() -> new IllegalStateException("Idempotency-Key of " + request.operation()
                        + " neither new nor recorded"))
                .flatMap(recorded -> {
                    if (!recorded.requestHash.equals(request.requestHash())) {
                        throw new PagosException(ErrorCode.IDEMPOTENCY_KEY_REUSED, "This Idempotency-Key was used "
                                + "with another request; use a new key for a new request");
                    }
                    if (recorded.responseStatus != null) {
                        return Uni.createFrom().item(Optional.of(new Answer(recorded.responseStatus, recorded.responseBody,
                                true)));
                    }
                    if (recorded.leaseUntil != null && recorded.leaseUntil.isAfter(now)) {
                        throw new PagosException(ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS, "A request with this "
                                + "Idempotency-Key is still running; retry later with the same key");
                    }
                    recorded.leaseUntil = now.plus(lease);
                    return IdempotencyStore.leaseUntil(recorded.id, recorded.leaseUntil).replaceWith(Optional.<Answer>empty());
                });
    }

    private void keep(IdempotentRequest request, Answer answer) {
        try {
            Transactions.autocommit(() -> IdempotencyStore.answer(request, answer, clock.instant()));
        } catch (RuntimeException e) {
            // The operation has happened; its answer is still the client's. Without a kept answer, a retry
            // after the lease runs the operation again, which create operations survive (they are idempotent
            // towards the provider), so failing this request would only hide what was done.
            LOG.warnf(e, "Answer of %s for Idempotency-Key of user %s not kept", request.operation(), request.userId());
        }
    }

    private void release(IdempotentRequest request, Throwable failure) {
        try {
            Transactions.autocommit(() -> IdempotencyStore.release(request));
        } catch (RuntimeException e) {
            // The lease runs out by itself; the client must hear about the operation's failure, not this one.
            failure.addSuppressed(e);
        }
    }
}
