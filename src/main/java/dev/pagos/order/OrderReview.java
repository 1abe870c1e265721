package dev.pagos.order;

import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import dev.pagos.persistence.Transactions;
import dev.pagos.provider.ConfirmedPayment;
import dev.pagos.provider.PaymentProviders;
import dev.pagos.provider.ProviderRejectedException;
import dev.pagos.text.Truncate;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/**
 * A person's decisions on an order the review desk shows: accepting a payment held for review (once the provider's
 * own record bears it out) and recording a refund made outside a provider's API. Refunds through a provider's API
 * are {@link OrderPayments#refund}. Each decision goes through {@link OrderTransitions} under the order's row lock, so
 * a double click or a retry moves the order (and grants or revokes) once; the buyer is told after it commits.
 */
@ApplicationScoped
public class OrderReview {

    private final OrderTransitions transitions;
    private final PaymentProviders providers;
    private final OrderNotifier notifier;

    OrderReview(OrderTransitions transitions, PaymentProviders providers, OrderNotifier notifier) {
        this.transitions = transitions;
        this.providers = providers;
        this.notifier = notifier;
    }

    /** The order, or ORDER_NOT_FOUND. */
    public Order order(UUID orderId) {
        Order order = Transactions.autocommit(() -> OrderStore.order(orderId));
        if (order == null) {
            throw new PagosException(ErrorCode.ORDER_NOT_FOUND, "No order " + orderId);
        }
        return order;
    }

    /** What the order's provider says about its payment now, read from its API; empty when there is nothing to read. */
    public Optional<ConfirmedPayment> providerRecord(Order order) {
        if (order.providerOrderId == null || order.provider == null
                || !providers.checkoutOf(order.provider).map(c -> c.configured()).orElse(false)) {
            return Optional.empty();
        }
        return Optional.of(providers.checkout(order.provider).lookup(order.providerOrderId));
    }

    /**
     * Grants an order held for review when its provider's record shows this order's payment captured for exactly the
     * order's amount. An order already completed is answered as it is (nothing granted twice).
     *
     * @throws PagosException REVIEW_NOT_OPEN when the order is not held for review; PROVIDER_RECORD_DISAGREES when the
     *         provider's record is not this order's captured payment of its amount
     */
    public Order accept(UUID orderId, String actor, String reason) {
        Order order = order(orderId);
        if (order.status == OrderStatus.COMPLETED) {
            return order;
        }
        requireReview(order);
        ConfirmedPayment seen;
        try {
            seen = providerRecord(order).orElseThrow(() -> new PagosException(ErrorCode.PROVIDER_RECORD_DISAGREES,
                    "Order " + orderId + " has no provider payment to check"));
        } catch (ProviderRejectedException e) {
            throw new PagosException(ErrorCode.PROVIDER_RECORD_DISAGREES, order.provider + " shows no payment "
                    + "for order " + orderId + " (" + e.providerCode() + ")");
        }
        if (!orderId.toString().equals(seen.reference()) || seen.stage() != ConfirmedPayment.Stage.CAPTURED
                || !order.amount().equals(seen.amount())) {
            throw new PagosException(ErrorCode.PROVIDER_RECORD_DISAGREES, order.provider + " shows "
                    + Truncate.toLength(seen.providerStatus(), 80) + " of " + (seen.amount() == null ? "no amount"
                    : seen.amount().toDecimalString() + " " + seen.amount().currency()) + "; the order is "
                    + order.amount().toDecimalString() + " " + order.currency + ": nothing granted");
        }
        OrderTransitions.Change change = Transactions.inTransaction(() -> transitions.lock(orderId)
                .flatMap(locked -> transitions.decide(locked, OrderStatus.COMPLETED, cause("accept", actor),
                        "accepted on review: " + Truncate.toLength(reason, 500) + "; " + seen.providerStatus())));
        notifier.statusChanged(change);
        return decided(change, OrderStatus.COMPLETED);
    }

    /**
     * Records a refund a person made outside a provider's API (the provider has none), with its reference: the order
     * moves to REFUNDED and what it granted is revoked, once. An order already refunded is answered as it is.
     *
     * @throws PagosException ORDER_NOT_REFUNDABLE when the order is neither completed nor held for review
     */
    public Order refundedByHand(UUID orderId, String actor, String reason, String reference) {
        Order order = order(orderId);
        if (order.status == OrderStatus.REFUNDED) {
            return order;
        }
        if (order.status != OrderStatus.COMPLETED && order.status != OrderStatus.NEEDS_REVIEW) {
            throw new PagosException(ErrorCode.ORDER_NOT_REFUNDABLE, "Order " + orderId + " is " + order.status
                    + " with no payment to refund");
        }
        OrderTransitions.Change change = Transactions.inTransaction(() -> transitions.lock(orderId)
                .flatMap(locked -> transitions.decide(locked, OrderStatus.REFUNDED, cause("manual-refund", actor),
                        "refunded outside " + order.provider + ", reference " + Truncate.toLength(reference, 200)
                                + ": " + Truncate.toLength(reason, 500))));
        notifier.statusChanged(change);
        return decided(change, OrderStatus.REFUNDED);
    }

    /** A rejection changes nothing on the order (nothing was granted); it must still be held for review. */
    public Order requireReview(UUID orderId) {
        Order order = order(orderId);
        requireReview(order);
        return order;
    }

    private static void requireReview(Order order) {
        if (order.status != OrderStatus.NEEDS_REVIEW) {
            throw new PagosException(ErrorCode.REVIEW_NOT_OPEN, "Order " + order.id + " is " + order.status
                    + ", not held for review");
        }
    }

    /** The order after a decision: it moved, or another request moved it there first; anything else is a conflict. */
    private static Order decided(OrderTransitions.Change change, OrderStatus target) {
        Order order = change.order();
        if (order.status != target) {
            throw new PagosException(ErrorCode.REVIEW_NOT_OPEN, "Order " + order.id + " became " + order.status
                    + " meanwhile; nothing changed");
        }
        return order;
    }

    private static String cause(String action, String actor) {
        return action + ":" + Truncate.toLength(actor, 60);
    }
}
