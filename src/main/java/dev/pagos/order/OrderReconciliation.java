package dev.pagos.order;

import dev.pagos.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The scheduled safety net: orders that have sat unsettled (PENDING, APPROVED, CAPTURE_PENDING) for a while are
 * read again from their provider and moved forward, so a lost webhook or a capture whose answer was lost never
 * leaves a buyer without what they paid for. Runs may overlap: each claims its orders with
 * {@code FOR UPDATE SKIP LOCKED} and stamps them, so no order is checked twice at once. An order that never
 * learned its provider's payment id (a Wompi order whose event and redirect were both lost, or whose late event was
 * refused) is looked up by our reference.
 */
@ApplicationScoped
public class OrderReconciliation {

    private static final Logger LOG = Logger.getLogger(OrderReconciliation.class);
    static final String CAUSE = "reconciliation";

    private final OrderPayments payments;
    private final OrderTransitions transitions;
    private final OrderNotifier notifier;
    private final Clock clock;
    private final Duration settleWithin;
    private final Duration checkoutLifetime;
    private final int batchSize;

    OrderReconciliation(OrderPayments payments, OrderTransitions transitions, OrderNotifier notifier, Clock clock,
            @ConfigProperty(name = "pagos.reconciliation.after", defaultValue = "PT10M") Duration settleWithin,
            @ConfigProperty(name = "pagos.checkout.lifetime") Duration checkoutLifetime,
            @ConfigProperty(name = "pagos.reconciliation.batch-size", defaultValue = "50") int batchSize) {
        this.payments = payments;
        this.transitions = transitions;
        this.notifier = notifier;
        this.clock = clock;
        this.settleWithin = settleWithin;
        this.checkoutLifetime = checkoutLifetime;
        this.batchSize = batchSize;
    }

    public record Report(int checked, int failed, List<String> outcomes) {
    }

    public Report reconcileUnsettledOrders() {
        List<UUID> due = claimDue(clock.instant());
        List<String> outcomes = new java.util.ArrayList<>();
        int failed = 0;
        for (UUID orderId : due) {
            try {
                outcomes.add(reconcile(orderId));
            } catch (RuntimeException e) {
                // One provider hiccup must not stop the batch; the order is due again next run.
                failed++;
                LOG.warnf("Reconciliation of order %s failed: %s", orderId, e.getMessage());
                outcomes.add("order " + orderId + ": failed, " + e.getClass().getSimpleName());
            }
        }
        if (!due.isEmpty()) {
            LOG.infof("Reconciled %d orders (%d failed)", due.size(), failed);
        }
        return new Report(due.size(), failed, outcomes);
    }

    private String reconcile(UUID orderId) {
        Order order = Transactions.autocommit(() -> OrderStore.order(orderId));
        String outcome = order.providerOrderId != null
                ? payments.reconcile(orderId, order.providerOrderId, CAUSE)
                // Nothing told us the provider's id of the payment (Wompi learns of it only when the buyer pays): ask
                // by our reference, if the provider can be asked that way.
                : payments.reconcileByReference(orderId, CAUSE)
                        .orElse("order " + orderId + ": no payment known at " + order.provider);
        if (order.createdAt.isBefore(clock.instant().minus(checkoutLifetime))) {
            expireIfStillUnpaid(orderId);
        }
        return outcome;
    }

    /** An order the buyer never paid within the checkout's lifetime will not be paid: it fails, visibly. */
    private void expireIfStillUnpaid(UUID orderId) {
        OrderTransitions.Change change = Transactions.inTransaction(() -> transitions.lock(orderId).flatMap(order ->
                order.status == OrderStatus.PENDING
                        ? transitions.fail(order, FailureKind.EXPIRED, CAUSE, "expired: not paid within " + checkoutLifetime)
                        : io.smallrye.mutiny.Uni.createFrom().item(new OrderTransitions.Change(order, order.status, false,
                                java.util.Optional.empty()))));
        notifier.statusChanged(change);
    }

    /** Claims up to a batch of unsettled orders not checked within the last period; overlapping runs skip them. */
    private List<UUID> claimDue(Instant now) {
        // One statement, atomic by itself: no transaction around it.
        return Transactions.autocommit(() -> OrderStore.claimDue(now, now.minus(settleWithin), now.minus(settleWithin),
                batchSize));
    }
}
