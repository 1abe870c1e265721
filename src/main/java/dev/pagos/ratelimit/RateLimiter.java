package dev.pagos.ratelimit;

import dev.pagos.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/**
 * Spaces calls toward one provider account across every function instance: each call reserves the next slot of its
 * bucket (slots {@code 1/limit} seconds apart, kept in the database) and waits for it. The reservation is one short
 * statement on the bucket's row, committed at once: no lock and no connection is held while waiting or during the
 * provider call. Cost: one UPDATE per provider call (about a millisecond on the row; a single row serialises its
 * updaters, which is fine to a few thousand calls per second), and a reservation whose caller dies is a slot lost.
 * Calls start no closer than {@code 1/limit} apart, so any second holds at most {@code limit} starts.
 */
@ApplicationScoped
public class RateLimiter {

    /** Longer than this ahead means the bucket is oversubscribed: fail now rather than hold a worker. */
    static final Duration MAX_WAIT = Duration.ofSeconds(10);

    /**
     * Waits for the bucket's next slot.
     *
     * @param callsPerSecond the bucket's limit; 0 or less is no limit (returns at once, touches nothing)
     * @return the slot this call was given, on the database's clock (null without a limit)
     * @throws RateLimitedException when the next slot is more than {@link #MAX_WAIT} away (the slot is still spent)
     */
    public Instant acquire(String bucket, double callsPerSecond) {
        if (callsPerSecond <= 0) {
            return null;
        }
        RateLimitStore.Slot slot = Transactions.autocommit(() -> RateLimitStore.reserve(bucket, 1.0 / callsPerSecond));
        double wait = slot.waitSeconds();
        if (wait <= 0) {
            return slot.at();
        }
        long waitNanos = (long) (wait * 1_000_000_000L);
        if (waitNanos > MAX_WAIT.toNanos()) {
            throw new RateLimitedException(bucket, Duration.ofNanos(waitNanos));
        }
        try {
            Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RateLimitedException(bucket, Duration.ofNanos(waitNanos));
        }
        return slot.at();
    }
}
