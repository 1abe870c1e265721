package dev.pagos.billing;

import dev.pagos.persistence.Transactions;
import dev.pagos.queue.WorkQueue;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The scheduled billing run: every subscription whose next action is due is claimed, then its open charge is settled
 * (asked at the provider), or its period is charged, or its owner's cancellation takes effect at the end of the paid
 * period. Runs may overlap: each claims its rows with {@code FOR UPDATE SKIP LOCKED} and a lease, so no subscription
 * is worked on by two runs, and a period is charged once (the database also refuses a second open or a second
 * approved charge per period).
 * <p>
 * Two ways to do the work, the same steps per subscription ({@link #process}): {@link #runDue} works on a batch
 * itself, one after another; with a queue, {@link #dispatchDue} only claims and enqueues, and workers
 * ({@link #renewDispatched}) take one message each, so renewals scale with the number of workers. A message carries
 * its dispatch's claim token: a second delivery, or a message of an older dispatch, never works on a subscription
 * twice, and a message whose worker died is taken again once that worker's lease has run out.
 */
@ApplicationScoped
public class Renewals {

    private static final Logger LOG = Logger.getLogger(Renewals.class);
    static final String CAUSE = "renewals";

    private final SubscriptionCharges charges;
    private final SubscriptionTransitions transitions;
    private final SubscriptionNotifier notifier;
    private final Clock clock;
    private final Duration lease;
    private final int batchSize;
    private final Duration dispatchLease;
    private final int dispatchBatch;

    Renewals(SubscriptionCharges charges, SubscriptionTransitions transitions, SubscriptionNotifier notifier, Clock clock,
            @ConfigProperty(name = "pagos.billing.claim-lease") Duration lease,
            @ConfigProperty(name = "pagos.billing.batch-size", defaultValue = "50") int batchSize,
            @ConfigProperty(name = "pagos.billing.dispatch-lease") Duration dispatchLease,
            @ConfigProperty(name = "pagos.billing.dispatch-batch", defaultValue = "500") int dispatchBatch) {
        this.charges = charges;
        this.transitions = transitions;
        this.notifier = notifier;
        this.clock = clock;
        this.lease = lease;
        this.batchSize = batchSize;
        this.dispatchLease = dispatchLease;
        this.dispatchBatch = dispatchBatch;
    }

    public record Report(int claimed, int failed, List<String> outcomes) {
    }

    /** What a dispatch enqueued, and what the queue did not take (released at once, for the next run). */
    public record Dispatch(int dispatched, int unsent) {
    }

    /** What a worker did with one message. */
    public enum Delivery {
        /** It took the subscription and worked on it. */
        RENEWED,
        /** Another delivery of the same message is working on it: deliver this one again later. */
        BUSY,
        /** Its dispatch is over (done, or replaced by a later one): a repeat, dropped. */
        STALE
    }

    public record Worked(Delivery delivery, String outcome) {
    }

    /**
     * Claims what is due, batch after batch, and enqueues it, until nothing is due or {@code budget} is spent (the
     * next run goes on). Each subscription stays claimed for the dispatch lease: longer than the queue takes to drain,
     * so a message waiting in the queue is not dispatched again; if it is lost, the lease runs out and a later run
     * dispatches the subscription anew (the lost message, should it turn up, is then stale).
     */
    public Dispatch dispatchDue(WorkQueue queue, Duration budget) {
        Instant stop = clock.instant().plus(budget);
        int dispatched = 0;
        int unsent = 0;
        while (clock.instant().isBefore(stop)) {
            Instant now = clock.instant();
            UUID token = UUID.randomUUID();
            List<UUID> claimed = Transactions.autocommit(() -> SubscriptionStore.claimForDispatch(now,
                    now.plus(dispatchLease), token, dispatchBatch));
            if (claimed.isEmpty()) {
                break;
            }
            List<String> bodies = claimed.stream().map(id -> new RenewalMessage(id, token).body()).toList();
            List<String> refused;
            try {
                refused = queue.send(bodies);
            } catch (RuntimeException e) {
                // Which messages went out is unknown: let go of the whole claim. A message that did go out then finds
                // its token gone and is dropped as stale; the next run dispatches these subscriptions anew.
                LOG.warnf("Billing dispatch: the queue failed (%s); %d subscriptions released for the next run",
                        e.getMessage(), claimed.size());
                refused = bodies;
            }
            for (String body : refused) {
                RenewalMessage message = RenewalMessage.parse(body);
                Transactions.autocommit(() -> SubscriptionStore.release(message.subscriptionId(), message.claimToken()));
            }
            dispatched += claimed.size() - refused.size();
            unsent += refused.size();
            if (claimed.size() < dispatchBatch || !refused.isEmpty()) {
                // All that was due is out, or the queue is refusing: the next run goes on.
                break;
            }
        }
        if (dispatched + unsent > 0) {
            LOG.infof("Billing dispatch: %d subscriptions enqueued (%d refused by the queue)", dispatched, unsent);
        }
        return new Dispatch(dispatched, unsent);
    }

    /**
     * A worker's part: takes the subscription a message names (if the message's dispatch still holds it and no live
     * worker has it), works on it as a billing run would, and releases it. A failure leaves it taken until the lease
     * runs out; the message comes back after the queue's visibility timeout (longer than the lease) and is taken again.
     */
    public Worked renewDispatched(String body) {
        RenewalMessage message = RenewalMessage.parse(body);
        Instant now = clock.instant();
        SubscriptionStore.Take take = Transactions.autocommit(() -> SubscriptionStore.take(message.subscriptionId(),
                message.claimToken(), now, now.plus(lease)));
        return switch (take) {
            case BUSY -> new Worked(Delivery.BUSY, "subscription " + message.subscriptionId()
                    + ": another delivery of this message has it");
            case STALE -> new Worked(Delivery.STALE, "subscription " + message.subscriptionId()
                    + ": already done for this dispatch");
            case TAKEN -> {
                String outcome = process(message.subscriptionId());
                Transactions.autocommit(() -> SubscriptionStore.release(message.subscriptionId(), message.claimToken()));
                yield new Worked(Delivery.RENEWED, outcome);
            }
        };
    }

    public Report runDue() {
        List<UUID> due = claimDue(clock.instant());
        List<String> outcomes = new ArrayList<>();
        int failed = 0;
        for (UUID subscriptionId : due) {
            try {
                outcomes.add(process(subscriptionId));
            } catch (RuntimeException e) {
                // One failure must not stop the batch; the lease runs out and the next run tries again.
                failed++;
                LOG.warnf("Billing subscription %s failed: %s", subscriptionId, e.getMessage());
                outcomes.add("subscription " + subscriptionId + ": failed, " + e.getClass().getSimpleName());
                continue;
            }
            release(subscriptionId);
        }
        if (!due.isEmpty()) {
            LOG.infof("Billing run: %d subscriptions (%d failed)", due.size(), failed);
        }
        return new Report(due.size(), failed, outcomes);
    }

    /**
     * Works on one subscription now, if it is due and no billing run holds it (then that run does the work): the
     * same claim, the same steps, the same release as a billing run.
     */
    public String runNow(UUID subscriptionId) {
        Instant now = clock.instant();
        boolean claimed = Transactions.autocommit(() -> SubscriptionStore.claimIfDue(subscriptionId, now, now.plus(lease)));
        if (!claimed) {
            return "subscription " + subscriptionId + ": not due, or a billing run has it";
        }
        // As in a run: released when done; after a failure the lease runs out and the next run tries again.
        String outcome = process(subscriptionId);
        release(subscriptionId);
        return outcome;
    }

    private String process(UUID subscriptionId) {
        record Due(Subscription subscription, Charge open) {
        }
        // Two reads on one connection, each committed on its own (they were two transactions).
        Due read = Transactions.autocommit(() -> SubscriptionStore.find(subscriptionId).flatMap(found -> ChargeStore
                .unsettled(subscriptionId, found.periodsPaid).map(charge -> new Due(found, charge))));
        Subscription subscription = read.subscription();
        Charge open = read.open();
        Instant now = clock.instant();
        if (open != null && open.status == ChargeStatus.NEEDS_REVIEW) {
            return heldForReview(subscription, open, now);
        }
        if (open != null) {
            return charges.resolve(open, subscription.provider, CAUSE);
        }
        if (subscription.status.grantsAccess() && subscription.cancelAtPeriodEnd
                && !now.isBefore(subscription.currentPeriodEnd)) {
            SubscriptionTransitions.Change change = Transactions.inTransaction(() -> SubscriptionTransitions.lock(subscriptionId)
                    .flatMap(locked -> transitions.move(locked, SubscriptionStatus.CANCELED, "owner",
                            "canceled by its owner; the paid period ended at " + locked.currentPeriodEnd)));
            notifier.statusChanged(change);
            return "subscription " + subscriptionId + ": canceled at the end of its paid period";
        }
        boolean due = subscription.status.grantsAccess() && subscription.nextActionAt != null
                && !now.isBefore(subscription.nextActionAt) && !now.isBefore(subscription.currentPeriodEnd);
        if (!due) {
            // Nothing to do yet (a stale next action): look again when the period ends.
            Transactions.inTransaction(() -> SubscriptionTransitions.lock(subscriptionId).flatMap(locked -> {
                Instant next = locked.status.grantsAccess() ? locked.currentPeriodEnd : null;
                if (java.util.Objects.equals(next, locked.nextActionAt)) {
                    return Uni.createFrom().voidItem();
                }
                locked.nextActionAt = next;
                return SubscriptionTransitions.save(locked);
            }));
            return "subscription " + subscriptionId + ": nothing due";
        }
        dev.pagos.pricing.ExchangeRate rate = charges.currentRate();
        Charge charge = Transactions.inTransaction(() -> SubscriptionTransitions.lock(subscriptionId)
                .flatMap(locked -> charges.newCharge(locked, rate, CAUSE)));
        return charges.send(charge.id, CAUSE);
    }

    /** A period whose payment is held for review is never charged again; the review grace ends the subscription. */
    private String heldForReview(Subscription subscription, Charge held, Instant now) {
        if (subscription.nextActionAt != null && now.isBefore(subscription.nextActionAt)) {
            return "subscription " + subscription.id + ": payment held for review until " + subscription.nextActionAt;
        }
        SubscriptionTransitions.Change change = Transactions.inTransaction(() -> SubscriptionTransitions
                .lock(subscription.id).flatMap(locked -> locked.version == subscription.version
                        ? charges.reviewGraceEnded(locked, held)
                        : Uni.createFrom().item(SubscriptionTransitions.Change.none(locked))));
        notifier.statusChanged(change);
        return "subscription " + subscription.id + ": review grace ended, " + change.subscription().status;
    }

    private void release(UUID subscriptionId) {
        Transactions.autocommit(() -> SubscriptionStore.release(subscriptionId));
    }

    /** Claims up to a batch of due subscriptions; a concurrent run skips what this one holds. */
    private List<UUID> claimDue(Instant now) {
        return Transactions.autocommit(() -> SubscriptionStore.claimDue(now, now.plus(lease), batchSize));
    }
}
