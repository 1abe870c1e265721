package dev.pagos.billing;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.pagos.exchange.ExchangeRates;
import dev.pagos.function.Routes;
import dev.pagos.local.queue.LocalRenewalQueue;
import dev.pagos.persistence.Transactions;
import dev.pagos.provider.ProviderName;
import dev.pagos.provider.TokenCharges;
import dev.pagos.queue.QueueMessage;
import dev.pagos.queue.SqsEvents;
import dev.pagos.queue.WorkQueue;
import dev.pagos.support.Database;
import dev.pagos.support.MutableClock;
import dev.pagos.support.Subscriptions;
import dev.pagos.support.Subscriptions.ChargeRow;
import dev.pagos.support.WompiFake;
import dev.pagos.support.WompiRecurringFake;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Renewals through the queue: subscriptions-renew claims and enqueues, renewal-worker takes one message per
 * subscription, with SQS's at-least-once delivery (duplicates, redeliveries after a worker died) and Wompi's failures,
 * through the real functions, PostgreSQL and Wompi's HTTP contract (WireMock).
 */
@QuarkusTest
@QuarkusTestResource(WompiFake.class)
class RenewalFanOutTest {

    private static final MutableClock CLOCK = MutableClock.INSTANCE;

    @Inject
    Renewals renewals;

    @Inject
    SubscriptionCharges charges;

    @Inject
    ExchangeRates rates;

    @Inject
    LocalRenewalQueue localQueue;

    @Inject
    @Named(Routes.RENEWAL_WORKER)
    RequestHandler<Map<String, Object>, Map<String, Object>> worker;

    @Inject
    @Named(Routes.SUBSCRIPTIONS_RENEW)
    RequestHandler<Map<String, Object>, Map<String, Object>> renew;

    @ConfigProperty(name = "pagos.billing.claim-lease")
    Duration lease;

    /** Keeps what a dispatch enqueued, as SQS would, for the test to deliver (or not) as it likes. */
    static final class CapturingQueue implements WorkQueue {
        final List<String> bodies = new CopyOnWriteArrayList<>();

        @Override
        public boolean configured() {
            return true;
        }

        @Override
        public List<String> send(List<String> sent) {
            bodies.addAll(sent);
            return List.of();
        }
    }

    private final CapturingQueue queue = new CapturingQueue();

    @BeforeEach
    void freshRate() {
        CLOCK.reset();
        WompiFake.copPerUsdIs(4000, rates);
    }

    @AfterEach
    void realTimeAndNoClaimsLeft() throws InterruptedException {
        // The local queue's workers finish what the scheduled function enqueued before the next test moves the clock.
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (localQueue.queue().size() > 0 && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        CLOCK.reset();
        WompiRecurringFake.nextChargesUnanswered(0, false);
        // These subscriptions end here: left live, they would be due in the next test class's billing runs, which
        // count Wompi's calls (SubscriptionFlowTest makes "the next 10 charges" go unanswered).
        Database.execute("UPDATE subscriptions SET status = 'CANCELED', next_action_at = NULL, claimed_until = NULL,"
                + " claim_token = NULL, claim_taken = FALSE WHERE owner_id LIKE 'fanout-%'");
        // A dispatch claims every due subscription of the shared database; let go of those this test did not work on.
        for (String body : queue.bodies) {
            Database.execute("UPDATE subscriptions SET claimed_until = NULL, claim_token = NULL, claim_taken = FALSE"
                    + " WHERE claim_token = ?", RenewalMessage.parse(body).claimToken());
        }
    }

    /** A subscription whose first period has ended, dispatched: the message the queue holds for it. */
    private String dueAndDispatched(String id, String user, String workspace) {
        Instant due = Instant.parse(Subscriptions.get(user, workspace).getString("current_period_end"));
        CLOCK.setTo(due.plusSeconds(60));
        renewals.dispatchDue(queue, Duration.ofSeconds(30));
        return messageFor(id);
    }

    private String messageFor(String id) {
        List<String> mine = queue.bodies.stream().filter(body -> body.contains(id)).toList();
        assertTrue(!mine.isEmpty(), "the dispatch enqueued the subscription");
        return mine.get(mine.size() - 1);
    }

    private Map<String, Object> deliver(String body, String messageId, int receiveCount) {
        return worker.handleRequest(SqsEvents.event(List.of(new QueueMessage(messageId, body, receiveCount)),
                "arn:aws:sqs:test:0:renewals"), null);
    }

    private static List<String> failed(Map<String, Object> answer) {
        return SqsEvents.failedIds(answer);
    }

    private static List<ChargeRow> renewalCharges(String id) {
        return Subscriptions.charges(id).stream().filter(charge -> charge.periodIndex() == 1).toList();
    }

    @Test
    void aMessageDeliveredTwiceAtOnceChargesThePeriodOnce() throws Exception {
        String user = "fanout-" + UUID.randomUUID();
        String workspace = "ws-" + UUID.randomUUID();
        String id = Subscriptions.activeSubscription(user, workspace);
        String source = Subscriptions.paymentSource(id);
        String body = dueAndDispatched(id, user, workspace);

        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Map<String, Object>>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return deliver(body, "m-1", 1);
                }));
            }
            start.countDown();
            int namedForLater = 0;
            for (Future<Map<String, Object>> answer : answers) {
                namedForLater += failed(answer.get()).size();
            }
            assertTrue(namedForLater <= 1, "only a copy that found the other at work comes back later");
        } finally {
            pool.shutdown();
        }
        // And once more after both: the dispatch is over, the copy is dropped (not a failure).
        assertEquals(List.of(), failed(deliver(body, "m-1", 2)));

        assertEquals(1, renewalCharges(id).size(), "one charge for the period");
        assertEquals(2, WompiRecurringFake.transactionsOf(source).size(), "the first charge and one renewal at Wompi");
        assertEquals("ACTIVE", Subscriptions.get(user, workspace).getString("status"));
    }

    @Test
    void aWorkerThatDiesMidChargeIsReplacedOnceItsLeaseRunsOutAndThePeriodIsChargedOnce() {
        String user = "fanout-" + UUID.randomUUID();
        String workspace = "ws-" + UUID.randomUUID();
        String id = Subscriptions.activeSubscription(user, workspace);
        String source = Subscriptions.paymentSource(id);
        String body = dueAndDispatched(id, user, workspace);
        RenewalMessage message = RenewalMessage.parse(body);
        UUID subscriptionId = UUID.fromString(id);

        // A worker takes the message, writes the charge, sends it to Wompi, and dies before it hears the answer.
        Instant now = CLOCK.instant();
        assertEquals(SubscriptionStore.Take.TAKEN, Transactions.autocommit(() -> SubscriptionStore.take(subscriptionId,
                message.claimToken(), now, now.plus(lease))));
        Charge sent = Transactions.inTransaction(() -> SubscriptionTransitions.lock(subscriptionId)
                .flatMap(locked -> charges.newCharge(locked, charges.currentRate(), Renewals.CAUSE)));
        Subscription subscription = Transactions.autocommit(() -> SubscriptionStore.find(subscriptionId));
        charges.provider(ProviderName.WOMPI).charge(new TokenCharges.ChargeRequest(sent.reference(), sent.amount(),
                subscription.paymentSourceId(), subscription.email));

        // SQS delivers the message again while the dead worker's lease still runs: it waits for later.
        assertEquals(List.of("m-2"), failed(deliver(body, "m-2", 2)));
        assertEquals("CREATED", renewalCharges(id).get(0).status());

        // After the lease: taken again, the open charge is looked for at Wompi by its reference and settled.
        CLOCK.advance(lease.plusSeconds(1));
        assertEquals(List.of(), failed(deliver(body, "m-2", 3)));
        List<ChargeRow> renewal = renewalCharges(id);
        assertEquals(1, renewal.size(), "the dead worker's charge, not a new one");
        assertEquals(sent.id, renewal.get(0).id());
        assertEquals("APPROVED", renewal.get(0).status());
        assertEquals(2, WompiRecurringFake.transactionsOf(source).size(), "found at Wompi, not sent again");
        assertEquals(List.of(), failed(deliver(body, "m-2", 4)), "a later copy is dropped");
        assertEquals(1, renewalCharges(id).size());
    }

    @Test
    void aLostAnswerFromWompiGoesThroughTheUnknownPathAndIsResolvedOnce() {
        String user = "fanout-" + UUID.randomUUID();
        String workspace = "ws-" + UUID.randomUUID();
        String id = Subscriptions.activeSubscription(user, workspace);
        String source = Subscriptions.paymentSource(id);

        // Wompi makes the charge but answers 503 to every attempt: UNKNOWN, and the message is done (not a failure).
        WompiRecurringFake.nextChargesUnanswered(source, 10, true);
        String body = dueAndDispatched(id, user, workspace);
        assertEquals(List.of(), failed(deliver(body, "m-3", 1)));
        assertEquals("UNKNOWN", renewalCharges(id).get(0).status());
        WompiRecurringFake.nextChargesUnanswered(0, false);

        // The technical retry is due: the next dispatch finds the charge at Wompi by its reference.
        CLOCK.advance(Duration.ofMinutes(11));
        renewals.dispatchDue(queue, Duration.ofSeconds(30));
        String again = messageFor(id);
        assertTrue(!again.equals(body), "a new dispatch, a new claim token");
        assertEquals(List.of(), failed(deliver(again, "m-4", 1)));
        assertEquals(List.of(), failed(deliver(body, "m-3", 2)), "the first dispatch's message is stale now");
        List<ChargeRow> renewal = renewalCharges(id);
        assertEquals(1, renewal.size());
        assertEquals("APPROVED", renewal.get(0).status());
        assertEquals(2, WompiRecurringFake.transactionsOf(source).size(), "found, not charged again");
    }

    @Test
    void wompiNeverReachedSendsTheSameChargeAgainOnTheNextDispatch() {
        String user = "fanout-" + UUID.randomUUID();
        String workspace = "ws-" + UUID.randomUUID();
        String id = Subscriptions.activeSubscription(user, workspace);
        String source = Subscriptions.paymentSource(id);

        WompiRecurringFake.nextChargesUnanswered(source, 10, false);
        String body = dueAndDispatched(id, user, workspace);
        assertEquals(List.of(), failed(deliver(body, "m-5", 1)));
        assertEquals("UNKNOWN", renewalCharges(id).get(0).status());
        assertEquals(1, WompiRecurringFake.transactionsOf(source).size());
        WompiRecurringFake.nextChargesUnanswered(0, false);

        CLOCK.advance(Duration.ofMinutes(11));
        renewals.dispatchDue(queue, Duration.ofSeconds(30));
        assertEquals(List.of(), failed(deliver(messageFor(id), "m-6", 1)));
        List<ChargeRow> renewal = renewalCharges(id);
        assertEquals(1, renewal.size(), "the same charge, sent again");
        assertEquals(2, WompiRecurringFake.transactionsOf(source).size());
        assertEquals("charge-" + renewal.get(0).id(),
                WompiRecurringFake.transactionsOf(source).get(1).path("reference").asText());
    }

    @ConfigProperty(name = "pagos.billing.dispatch-lease")
    Duration dispatchLease;

    /** An active subscription whose first period ended a minute ago (the clock moved there), not yet dispatched. */
    private static String activeSubscriptionNowDue() {
        String user = "fanout-" + UUID.randomUUID();
        String workspace = "ws-" + UUID.randomUUID();
        String id = Subscriptions.activeSubscription(user, workspace);
        CLOCK.setTo(Instant.parse(Subscriptions.get(user, workspace).getString("current_period_end")).plusSeconds(60));
        return id;
    }

    /** A queue that answers a send as {@code send} says (the bodies it did not take), or fails as it does. */
    private static WorkQueue sendingWith(java.util.function.UnaryOperator<List<String>> send) {
        return new WorkQueue() {
            @Override
            public boolean configured() {
                return true;
            }

            @Override
            public List<String> send(List<String> bodies) {
                return send.apply(bodies);
            }
        };
    }

    @Test
    void aMessageTheQueueRefusesLeavesItsSubscriptionFreeAndTheNextDispatchSendsIt() {
        String id = activeSubscriptionNowDue();
        String source = Subscriptions.paymentSource(id);

        // SQS answers this entry in "Failed" (SqsWorkQueueTest: what comes back from SendMessageBatch).
        WorkQueue refusing = sendingWith(bodies -> {
            List<String> refused = bodies.stream().filter(body -> body.contains(id)).toList();
            queue.send(bodies.stream().filter(body -> !refused.contains(body)).toList());
            return refused;
        });
        Renewals.Dispatch first = renewals.dispatchDue(refusing, Duration.ofSeconds(30));
        assertTrue(first.unsent() >= 1, first.toString());
        assertTrue(queue.bodies.stream().noneMatch(body -> body.contains(id)));
        assertEquals(0, Database.count("SELECT count(*) FROM subscriptions WHERE id = ?::uuid"
                + " AND (claim_token IS NOT NULL OR claimed_until IS NOT NULL)", id), "released at once, not held for the lease");

        // The next run, a minute later (well inside the dispatch lease), sends it; it is charged once.
        CLOCK.advance(Duration.ofMinutes(1));
        renewals.dispatchDue(queue, Duration.ofSeconds(30));
        assertEquals(List.of(), failed(deliver(messageFor(id), "m-7", 1)));
        assertEquals(1, renewalCharges(id).size());
        assertEquals(2, WompiRecurringFake.transactionsOf(source).size());
    }

    @Test
    void aQueueThatFailsOutrightLeavesTheWholeClaimFreeAndAnyMessageItSentIsDropped() {
        String id = activeSubscriptionNowDue();
        String source = Subscriptions.paymentSource(id);

        // The queue takes the messages, then fails before it can say so.
        WorkQueue failing = sendingWith(bodies -> {
            queue.send(bodies);
            throw new IllegalStateException("connection reset");
        });
        Renewals.Dispatch first = renewals.dispatchDue(failing, Duration.ofSeconds(30));
        assertEquals(0, first.dispatched(), first.toString());
        String sentAnyway = messageFor(id);
        assertEquals(0, Database.count("SELECT count(*) FROM subscriptions WHERE id = ?::uuid"
                + " AND (claim_token IS NOT NULL OR claimed_until IS NOT NULL)", id));

        // The message that went out anyway is stale; the next dispatch's message renews, once.
        assertEquals(List.of(), failed(deliver(sentAnyway, "m-8", 1)));
        assertEquals(0, renewalCharges(id).size(), "the stale message did nothing");
        CLOCK.advance(Duration.ofMinutes(1));
        renewals.dispatchDue(queue, Duration.ofSeconds(30));
        String next = messageFor(id);
        assertTrue(!next.equals(sentAnyway));
        assertEquals(List.of(), failed(deliver(next, "m-9", 1)));
        assertEquals(1, renewalCharges(id).size());
        assertEquals(2, WompiRecurringFake.transactionsOf(source).size());
    }

    @Test
    void aMessageLostInTheQueueIsDispatchedAgainOnceTheDispatchLeaseRunsOutAndChargedOnce() {
        String user = "fanout-" + UUID.randomUUID();
        String workspace = "ws-" + UUID.randomUUID();
        String id = Subscriptions.activeSubscription(user, workspace);
        String source = Subscriptions.paymentSource(id);
        String lost = dueAndDispatched(id, user, workspace);

        // Never delivered. While the dispatch lease runs, later runs leave the subscription to its message.
        CLOCK.advance(dispatchLease.minusMinutes(1));
        renewals.dispatchDue(queue, Duration.ofSeconds(30));
        assertEquals(1, queue.bodies.stream().filter(body -> body.contains(id)).count(), "not dispatched twice");

        // Once it has run out, the next run dispatches it anew, with a new claim token.
        CLOCK.advance(Duration.ofMinutes(2));
        renewals.dispatchDue(queue, Duration.ofSeconds(30));
        String again = messageFor(id);
        assertTrue(!again.equals(lost), "a new dispatch");
        assertEquals(List.of(), failed(deliver(again, "m-10", 1)));
        // The lost message turns up after all: stale, dropped, nothing charged again.
        assertEquals(List.of(), failed(deliver(lost, "m-11", 1)));
        assertEquals(1, renewalCharges(id).size());
        assertEquals(2, WompiRecurringFake.transactionsOf(source).size(), "the first charge and one renewal at Wompi");
    }

    @Test
    void theAnswerNamesOnlyTheMessagesThatFailed() {
        String stale = new RenewalMessage(UUID.randomUUID(), UUID.randomUUID()).body();
        Map<String, Object> answer = worker.handleRequest(SqsEvents.event(List.of(
                new QueueMessage("not-ours", "{\"hello\":1}", 1),
                new QueueMessage("stale", stale, 1)), "arn:aws:sqs:test:0:renewals"), null);
        assertEquals(Map.of("batchItemFailures", List.of(Map.of("itemIdentifier", "not-ours"))), answer);
    }

    @Test
    void theScheduledFunctionEnqueuesAndTheLocalQueueRenewsThroughTheWorkerFunction() throws Exception {
        String user = "fanout-" + UUID.randomUUID();
        String workspace = "ws-" + UUID.randomUUID();
        String id = Subscriptions.activeSubscription(user, workspace);
        Instant due = Instant.parse(Subscriptions.get(user, workspace).getString("current_period_end"));
        CLOCK.setTo(due.plusSeconds(60));

        Map<String, Object> run = renew.handleRequest(Map.of(), null);
        assertTrue(((Integer) run.get("dispatched")) >= 1, run.toString());
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (renewalCharges(id).stream().noneMatch(charge -> charge.status().equals("PENDING"))
                && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        // Sent by a local worker: Wompi has it (PENDING until it is read back, as Wompi's card charges are).
        assertEquals(1, renewalCharges(id).size());
        assertEquals("PENDING", renewalCharges(id).get(0).status());
        assertEquals(List.of(), localQueue.queue().deadLetters());
    }
}
