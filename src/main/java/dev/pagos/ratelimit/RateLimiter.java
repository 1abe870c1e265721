package dev.pagos.ratelimit;

import dev.pagos.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Spaces calls toward one provider account across every function instance: each call reserves the next slot of its
 * bucket (slots {@code 1/limit} seconds apart, kept in the database) and waits for it. The reservation is one short
 * statement on the bucket's row, committed at once: no lock and no connection is held while waiting or during the
 * provider call. Cost: one UPDATE per provider call (about a millisecond on the row; a single row serialises its
 * updaters, which is fine to a few thousand calls per second), and a reservation whose caller dies is a slot lost.
 * <p>
 * A call starts within {@link #LATE} of its slot or not at all: a caller stalled past it while it waited (a
 * garbage-collection pause, a starved CPU) takes a new slot instead. Without that, the calls whose slots fell
 * in a stall all start together when it ends, on top of the calls due then (the renewal benchmark, spacing calls at
 * 165/s, saw up to 182 arrive within one second; bench/RESULTS.md). So any second holds at most
 * {@code limit × 1.02 + 1} starts ({@code LATE} is 20 ms).
 */
@ApplicationScoped
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);

    /** Longer than this ahead means the bucket is oversubscribed: fail now rather than hold a worker. */
    static final Duration MAX_WAIT = Duration.ofSeconds(10);

    /** How late after its slot a call may still start. */
    static final Duration LATE = Duration.ofMillis(20);

    /** Waits until a moment of {@link System#nanoTime()}: a seam for the tests to stall a caller. */
    interface Pause {
        void until(long nanoTime) throws InterruptedException;
    }

    private final Pause pause;

    @Inject
    RateLimiter() {
        this(RateLimiter::sleepUntil);
    }

    RateLimiter(Pause pause) {
        this.pause = pause;
    }

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
        long giveUpAt = System.nanoTime() + MAX_WAIT.toNanos();
        while (true) {
            RateLimitStore.Slot slot = Transactions.autocommit(() -> RateLimitStore.reserve(bucket, 1.0 / callsPerSecond));
            long answered = System.nanoTime();
            long waitNanos = Math.max(0, (long) (slot.waitSeconds() * 1_000_000_000L));
            if (answered + waitNanos - giveUpAt > 0) {
                throw new RateLimitedException(bucket, Duration.ofNanos(waitNanos));
            }
            // The slot is on the database's clock: here, the moment its answer came plus the wait it names.
            long slotAt = answered + waitNanos;
            try {
                pause.until(slotAt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RateLimitedException(bucket, Duration.ofNanos(waitNanos));
            }
            long late = System.nanoTime() - slotAt;
            if (late <= LATE.toNanos()) {
                return slot.at();
            }
            LOG.debugf("Rate limit %s: %d ms past the slot, taking another", bucket, late / 1_000_000);
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long nanos = nanoTime - System.nanoTime();
        if (nanos > 0) {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }
    }
}
