package dev.pagos.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagos.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The rate limit holds across concurrent callers (standing in for worker instances) through the database. */
@QuarkusTest
class RateLimiterTest {

    @Inject
    RateLimiter limiter;

    @Test
    void concurrentCallersTogetherNeverStartMoreThanTheLimitInAnySecond() throws Exception {
        String bucket = "test:" + UUID.randomUUID();
        int limit = 20;
        int callers = 8;
        int callsEach = 8;
        List<Long> starts = Collections.synchronizedList(new ArrayList<>());
        List<Instant> slots = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int c = 0; c < callers; c++) {
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < callsEach; i++) {
                        slots.add(limiter.acquire(bucket, limit));
                        starts.add(System.nanoTime());
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        // The guarantee, on the database's clock that every instance shares: any limit + 1 slots span a second or more.
        List<Instant> reserved = new ArrayList<>(slots);
        Collections.sort(reserved);
        assertEquals(callers * callsEach, new java.util.HashSet<>(reserved).size(), "every call its own slot");
        for (int i = 0; i + limit < reserved.size(); i++) {
            Duration span = Duration.between(reserved.get(i), reserved.get(i + limit));
            assertTrue(span.compareTo(Duration.ofMillis(999)) >= 0, limit + 1 + " slots within " + span);
        }
        // And each caller waited for its slot: 64 calls at 20/s take about 3.15 s from the first to the last.
        List<Long> sorted = new ArrayList<>(starts);
        Collections.sort(sorted);
        long total = sorted.get(sorted.size() - 1) - sorted.get(0);
        assertTrue(total >= (callers * callsEach - 1) * 1_000_000_000L / limit - 100_000_000L,
                "took " + total / 1_000_000 + " ms");
        assertEquals(1, Database.count("SELECT count(*) FROM provider_rate_limits WHERE bucket = ?", bucket));
    }

    @Test
    void aCallerStalledPastItsSlotTakesAnotherInsteadOfStartingLate() {
        String bucket = "test:" + UUID.randomUUID();
        // 10 calls/s: slots 100 ms apart. The first wait is stalled 300 ms (as by a garbage-collection pause).
        AtomicInteger pauses = new AtomicInteger();
        RateLimiter stalledOnce = new RateLimiter(sleepingUntil(pauses, 300_000_000L));
        Instant first = limiter.acquire(bucket, 10);

        Instant stalled = stalledOnce.acquire(bucket, 10);

        assertEquals(2, pauses.get(), "it waited twice: for the slot it overslept, then for a new one");
        // Its first slot (first + 100 ms) was given up; it started on a slot taken after the stall.
        assertTrue(Duration.between(first, stalled).toMillis() >= 390, "started on " + Duration.between(first, stalled));
        // And the bucket moved on past both: the next slot is 100 ms after the one it used.
        Instant next = limiter.acquire(bucket, 10);
        assertTrue(Math.abs(Duration.between(stalled, next).toMillis() - 100) <= 5, Duration.between(stalled, next).toString());
    }

    @Test
    void aCallerOnTimeStartsOnItsSlot() {
        String bucket = "test:" + UUID.randomUUID();
        AtomicInteger pauses = new AtomicInteger();
        RateLimiter counting = new RateLimiter(sleepingUntil(pauses, 0));
        Instant first = limiter.acquire(bucket, 10);

        Instant second = counting.acquire(bucket, 10);

        assertEquals(1, pauses.get());
        assertTrue(Math.abs(Duration.between(first, second).toMillis() - 100) <= 5, Duration.between(first, second).toString());
    }

    /** Sleeps until the moment asked, counting the pauses; the first one oversleeps by {@code firstStallNanos}. */
    private static RateLimiter.Pause sleepingUntil(AtomicInteger pauses, long firstStallNanos) {
        return until -> {
            long stall = pauses.getAndIncrement() == 0 ? firstStallNanos : 0;
            long nanos = until + stall - System.nanoTime();
            if (nanos > 0) {
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            }
        };
    }

    @Test
    void aSlotTooFarAheadIsRefusedRatherThanWaitedFor() {
        String bucket = "test:" + UUID.randomUUID();
        // One call per 20 s: the first goes at once, the second's slot is 20 s away, beyond the longest wait.
        limiter.acquire(bucket, 0.05);
        assertThrows(RateLimitedException.class, () -> limiter.acquire(bucket, 0.05));
    }

    @Test
    void noLimitTouchesNothing() {
        String bucket = "test:" + UUID.randomUUID();
        limiter.acquire(bucket, 0);
        assertEquals(0, Database.count("SELECT count(*) FROM provider_rate_limits WHERE bucket = ?", bucket));
    }
}
