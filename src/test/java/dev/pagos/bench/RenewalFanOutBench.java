package dev.pagos.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pagos.billing.Renewals;
import dev.pagos.local.queue.LocalRenewalQueue;
import dev.pagos.support.Database;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The renewal fan-out under load (bench/renewal-fanout.sh runs it; never part of ./mvnw verify): N subscriptions due
 * at once, the scheduled dispatch, W local workers standing in for the renewal-worker function's concurrency (each
 * takes batches of 10 and works RENEWALS_WORKER_PARALLELISM of them at once, as one Lambda instance does), a fake
 * Wompi with latency, a rate limit and failures, and SQS's duplicate deliveries. Prints one "FANOUT" line of figures
 * and asserts the money: no double charge, no period left uncharged, nothing in the dead-letter queue.
 */
@QuarkusTest
// Restricted: a test resource applies to every test class unless told otherwise.
@QuarkusTestResource(value = RenewalFanOutBench.Wompi.class, restrictToAnnotatedClass = true)
@EnabledIfSystemProperty(named = "fanout.subscriptions", matches = "\\d+")
class RenewalFanOutBench {

    static final int SUBSCRIPTIONS = Integer.getInteger("fanout.subscriptions", 1000);
    static final int WORKERS = Integer.getInteger("fanout.workers", 4);
    static final int RATE_LIMIT = Integer.getInteger("fanout.rate-limit", 170);
    /** WOMPI_RATE_LIMIT: what Pagos spaces its calls to, a little under Wompi's own limit (see the README). */
    static final int PAGOS_RATE_LIMIT = Integer.getInteger("fanout.pagos-rate-limit", RATE_LIMIT);
    static final long LATENCY_MS = Long.getLong("fanout.latency-ms", 300);
    static final double FAILURES = Double.parseDouble(System.getProperty("fanout.failures", "0"));
    static final double DUPLICATES = Double.parseDouble(System.getProperty("fanout.duplicates", "0"));
    static final int POOL = Integer.getInteger("fanout.pool", 2 * WORKERS);
    static FakeWompiServer wompi;

    /** Starts the fake Wompi and points Pagos at it, with the bench's limits. */
    public static class Wompi implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try {
                wompi = new FakeWompiServer(LATENCY_MS, RATE_LIMIT, FAILURES, 1500);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            return Map.ofEntries(
                    Map.entry("pagos.wompi.mode", "sandbox"),
                    Map.entry("pagos.wompi.api-base", wompi.base() + "/v1"),
                    Map.entry("pagos.wompi.public-key", "pub_test_bench"),
                    Map.entry("pagos.wompi.private-key", "prv_test_bench"),
                    Map.entry("pagos.wompi.events-secret", "test_events_bench"),
                    Map.entry("pagos.wompi.integrity-secret", "test_integrity_bench"),
                    Map.entry("pagos.wompi.timeout", "PT1S"),
                    Map.entry("pagos.wompi.rate-limit", String.valueOf(PAGOS_RATE_LIMIT)),
                    // Each worker stands for one Lambda instance, which has connections of its own to Wompi; here
                    // they share one JVM and so one client: it gets every worker's share (beyond it calls would queue
                    // for a connection: with the default 50, about 150 calls/s at 300 ms each).
                    Map.entry("pagos.wompi.connections", String.valueOf(WORKERS * 10)),
                    Map.entry("pagos.exchange-rate.url", wompi.base() + "/rates/latest/USD"),
                    // The scheduled function runs every minute on AWS; here the loop below runs it every second, and
                    // a charge without an answer is looked at again after 5 s rather than 10 minutes.
                    Map.entry("pagos.billing.technical-retry", "PT5S"),
                    Map.entry("pagos.billing.claim-lease", "PT20S"),
                    Map.entry("pagos.local.renewal-queue.visibility-timeout", "PT30S"),
                    Map.entry("pagos.local.renewal-queue.workers", String.valueOf(WORKERS)),
                    Map.entry("quarkus.datasource.reactive.max-size", String.valueOf(POOL)),
                    Map.entry("quarkus.log.category.\"dev.pagos\".level", "ERROR"));
        }

        @Override
        public void stop() {
            wompi.stop();
        }
    }

    @Inject
    Renewals renewals;

    @Inject
    LocalRenewalQueue queue;

    @Test
    void renewEverySubscriptionDueAtOnce() throws Exception {
        seed();
        queue.queue().duplicateShare(DUPLICATES);
        AtomicBoolean sampling = new AtomicBoolean(true);
        AtomicLong maxActive = new AtomicLong();
        AtomicLong maxOpen = new AtomicLong();
        Thread sampler = new Thread(() -> sample(sampling, maxActive, maxOpen));
        sampler.setDaemon(true);
        sampler.start();

        long start = System.nanoTime();
        queue.startWorkers(WORKERS);
        long charged = 0;
        long deadline = start + Duration.ofMinutes(Long.getLong("fanout.max-minutes", 30)).toNanos();
        long dispatched = 0;
        long lastReport = start;
        long chargedAtLastReport = 0;
        while (System.nanoTime() < deadline) {
            dispatched += renewals.dispatchDue(queue, Duration.ofSeconds(30)).dispatched();
            charged = Database.count("SELECT count(*) FROM subscriptions WHERE workspace_id LIKE 'bench-%' AND periods_paid = 2");
            if (charged == SUBSCRIPTIONS) {
                break;
            }
            if (System.nanoTime() - lastReport >= 30_000_000_000L) {
                // The rate over the last 30 s: a run's first minute includes the JVM's warm-up (JIT compilation).
                long now = System.nanoTime();
                System.out.printf(java.util.Locale.ROOT, "FANOUT-PROGRESS at %.0f s: charged %d, %.1f charges/s over the last %.0f s%n",
                        (now - start) / 1e9, charged, (charged - chargedAtLastReport) / ((now - lastReport) / 1e9),
                        (now - lastReport) / 1e9);
                lastReport = now;
                chargedAtLastReport = charged;
            }
            Thread.sleep(1000);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        sampling.set(false);
        sampler.join();

        long approvedTwice = Database.count("SELECT count(*) FROM (SELECT subscription_id, period_index FROM charges"
                + " WHERE status = 'APPROVED' GROUP BY 1, 2 HAVING count(*) > 1) doubled");
        long unknownPassed = Database.count("SELECT count(DISTINCT charge_id) FROM charge_transitions WHERE to_status = 'UNKNOWN'");
        long open = Database.count("SELECT count(*) FROM charges WHERE status IN ('CREATED', 'UNKNOWN', 'PENDING')");
        System.out.printf(java.util.Locale.ROOT,
                "FANOUT subscriptions=%d workers=%d parallelism=10 pool=%d latency_ms=%d limit=%d pagos_limit=%d failures=%.2f duplicates=%.2f"
                        + " | charged=%d in %.1f s = %.1f charges/s | wompi calls=%d (%.1f/s, max in any second %d, 429s %d,"
                        + " 500s %d, timeouts %d) | dispatched=%d duplicate_deliveries=%d dead_letters=%d"
                        + " | db connections: max active %d, max open %d (pool %d)"
                        + " | double charges: wompi %d, db %d | uncharged %d | charges through UNKNOWN %d, still open %d%n",
                SUBSCRIPTIONS, WORKERS, POOL, LATENCY_MS, RATE_LIMIT, PAGOS_RATE_LIMIT, FAILURES, DUPLICATES,
                charged, seconds, charged / seconds, wompi.calls.get(), wompi.calls.get() / seconds,
                wompi.maxCallsInAnySecond(), wompi.tooMany.get(), wompi.failed500.get(), wompi.timedOut.get(),
                dispatched, queue.queue().duplicatesDelivered(), queue.queue().deadLetters().size(),
                maxActive.get(), maxOpen.get(), POOL, wompi.doubleCharges(), approvedTwice, SUBSCRIPTIONS - charged,
                unknownPassed, open);
        assertEquals(SUBSCRIPTIONS, charged, "every period charged");
        assertEquals(0, wompi.doubleCharges(), "no double charge at Wompi");
        assertEquals(0, approvedTwice, "no period approved twice");
        assertEquals(0, queue.queue().deadLetters().size(), "nothing in the dead-letter queue");
    }

    /** N subscriptions whose first (paid) period ended a minute ago, each with a payment source of its own. */
    private static void seed() throws Exception {
        try (Connection c = Database.open(); Statement s = c.createStatement()) {
            // Written in bulk with the metrics triggers off, then the metrics rebuilt from the rows (the migration's
            // backfill): the triggers are made for the application's one-row statements, not for 200,000 rows in one.
            s.execute("SET session_replication_role = replica");
            s.execute("INSERT INTO workspaces (id, owner_id, created_at) SELECT 'bench-' || g, 'bench-owner-' || g, now()"
                    + " FROM generate_series(1, " + SUBSCRIPTIONS + ") g");
            s.execute("""
                    INSERT INTO subscriptions (id, workspace_id, owner_id, status, provider, selection, billing_period,
                        price_usd_minor, price_cop_minor, exchange_rate, exchange_rate_origin, email, provider_data,
                        anchor_at, periods_paid, current_period_start, current_period_end, next_action_at, created_at,
                        updated_at)
                    SELECT gen_random_uuid(), 'bench-' || g, 'bench-owner-' || g, 'ACTIVE', 'wompi',
                        '{"plan":"business"}'::jsonb, 'MONTHLY', 18700, 74800000, 4000, 'SOURCE', 'b' || g || '@example.com',
                        jsonb_build_object('paymentSourceId', (100000000 + g)::text),
                        now() - interval '1 month' - interval '1 minute', 1,
                        now() - interval '1 month' - interval '1 minute', now() - interval '1 minute',
                        now() - interval '1 minute', now(), now()
                    FROM generate_series(1, %d) g""".formatted(SUBSCRIPTIONS));
            // Their history, as a subscribe leaves it: the moves to PENDING and ACTIVE and the first period's charge.
            s.execute("""
                    INSERT INTO subscription_transitions (subscription_id, from_status, to_status, cause, occurred_at)
                    SELECT id, NULL, 'PENDING', 'subscribed', anchor_at FROM subscriptions WHERE workspace_id LIKE 'bench-%'
                    UNION ALL
                    SELECT id, 'PENDING', 'ACTIVE', 'first charge approved', anchor_at FROM subscriptions
                    WHERE workspace_id LIKE 'bench-%'""");
            s.execute("""
                    INSERT INTO charges (id, subscription_id, period_index, attempt, status, amount_minor, currency,
                        amount_usd_minor, exchange_rate, idempotency_key, provider_payment_id, provider_status,
                        created_at, updated_at)
                    SELECT gen_random_uuid(), id, 0, 1, 'APPROVED', price_cop_minor, 'COP', price_usd_minor, exchange_rate,
                        'bench-first-' || id, 'bench-first-' || id, 'APPROVED', anchor_at, anchor_at
                    FROM subscriptions WHERE workspace_id LIKE 'bench-%'""");
            s.execute("SET session_replication_role = origin");
            s.execute("ANALYZE");
            s.execute("SELECT metrics_rebuild()");
        }
    }

    /** The application pool's connections, every 100 ms: busy ones (not idle) and all of them. */
    private static void sample(AtomicBoolean sampling, AtomicLong maxActive, AtomicLong maxOpen) {
        try (Connection c = Database.open(); Statement s = c.createStatement()) {
            while (sampling.get()) {
                try (ResultSet r = s.executeQuery("SELECT count(*) FILTER (WHERE state <> 'idle'), count(*)"
                        + " FROM pg_stat_activity WHERE application_name = 'vertx-pg-client'")) {
                    r.next();
                    maxActive.accumulateAndGet(r.getLong(1), Math::max);
                    maxOpen.accumulateAndGet(r.getLong(2), Math::max);
                }
                Thread.sleep(100);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
