package dev.pagos.order;

import dev.pagos.persistence.Transactions;
import dev.pagos.provider.CaptureRequest;
import dev.pagos.provider.CaptureResult;
import dev.pagos.provider.PaymentEvent;
import dev.pagos.provider.PaymentProviders;
import dev.pagos.provider.ProviderRejectedException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Applies verified provider events to orders: approval leads to a capture, captures complete or fail the
 * order, refunds revoke what was granted. Every change goes through {@link OrderTransitions} under a row
 * lock, and the buyer is told about it after the transaction commits.
 */
@ApplicationScoped
public class OrderPayments {

    private static final Logger LOG = Logger.getLogger(OrderPayments.class);

    private final OrderTransitions transitions;
    private final PaymentProviders providers;
    private final OrderNotifier notifier;

    OrderPayments(OrderTransitions transitions, PaymentProviders providers, OrderNotifier notifier) {
        this.transitions = transitions;
        this.providers = providers;
        this.notifier = notifier;
    }

    /**
     * @return a short description of what happened, kept in the webhook inbox
     * @throws dev.pagos.provider.ProviderUnavailableException when a capture could not reach the provider;
     *         the order stays APPROVED and the same event may be applied again later
     */
    public String apply(PaymentEvent event) {
        return switch (event.kind()) {
            case CHECKOUT_APPROVED -> approveAndCapture(event);
            case CAPTURE_COMPLETED -> moveAndNotify(event, OrderStatus.COMPLETED);
            case CAPTURE_PENDING -> moveAndNotify(event, OrderStatus.CAPTURE_PENDING);
            case CAPTURE_DECLINED, APPROVAL_REVERSED -> moveAndNotify(event, OrderStatus.FAILED);
            case CAPTURE_REFUNDED -> moveAndNotify(event, OrderStatus.REFUNDED);
            case NOT_RELEVANT -> "ignored " + event.eventType();
        };
    }

    private String approveAndCapture(PaymentEvent event) {
        OrderTransitions.Change approval = moveOrderOf(event, OrderStatus.APPROVED);
        if (approval == null) {
            return unknownOrder(event);
        }
        notifier.statusChanged(approval);
        Order order = approval.order();
        if (order.status != OrderStatus.APPROVED) {
            // Already captured, settled or failed by an earlier event: capturing again would be wrong.
            return "order " + order.id + " already " + order.status;
        }
        CaptureResult capture;
        try {
            capture = providers.checkout(order.provider).capture(new CaptureRequest(order.id, order.providerOrderId));
        } catch (ProviderRejectedException e) {
            OrderTransitions.Change failed = transitions.moveInNewTransaction(order.id, OrderStatus.FAILED, "capture",
                    "capture rejected: " + e.providerCode());
            notifier.statusChanged(failed);
            return "capture rejected: " + e.providerCode();
        }
        OrderStatus next = switch (capture.outcome()) {
            case COMPLETED -> OrderStatus.COMPLETED;
            case PENDING -> OrderStatus.CAPTURE_PENDING;
            case DECLINED -> OrderStatus.FAILED;
        };
        String detail = "capture " + capture.captureId() + " " + capture.providerStatus()
                + (capture.captured() == null ? "" : " " + capture.captured().toDecimalString() + " "
                        + capture.captured().currency());
        if (capture.captured() != null && !capture.captured().equals(order.amount())) {
            // Cannot happen with an untampered checkout; kept loudly in the log and the trail for a person to see.
            LOG.errorf("Order %s captured %s but costs %s", order.id, capture.captured(), order.amount());
            detail += " (differs from the order amount)";
        }
        String captureDetail = detail;
        OrderTransitions.Change captured = Transactions.inTransaction(() -> transitions.lock(order.id)
                .invoke(locked -> locked.providerCaptureId = capture.captureId())
                .flatMap(locked -> transitions.move(locked, next, "capture", captureDetail)));
        notifier.statusChanged(captured);
        return "captured: " + capture.outcome() + ", order " + captured.order().status;
    }

    private String moveAndNotify(PaymentEvent event, OrderStatus to) {
        OrderTransitions.Change change = moveOrderOf(event, to);
        if (change == null) {
            return unknownOrder(event);
        }
        notifier.statusChanged(change);
        return change.moved()
                ? "order " + change.order().id + " " + change.from() + " -> " + to
                : "order " + change.order().id + " stays " + change.order().status;
    }

    /** Locks the event's order and moves it, in one transaction; null when the event is about no order of ours. */
    private OrderTransitions.Change moveOrderOf(PaymentEvent event, OrderStatus to) {
        String cause = "webhook:" + event.provider() + ":" + event.eventId();
        boolean aboutTheCapture = event.kind() == PaymentEvent.Kind.CAPTURE_COMPLETED
                || event.kind() == PaymentEvent.Kind.CAPTURE_PENDING;
        return Transactions.inTransaction(() -> lockOrderOf(event).flatMap(order -> {
            if (order == null) {
                return Uni.createFrom().nullItem();
            }
            if (aboutTheCapture && order.providerCaptureId == null) {
                order.providerCaptureId = event.captureId();
            }
            return transitions.move(order, to, cause, event.eventType());
        }));
    }

    /** The order the event is about, locked; null when it is none of ours or its ids disagree. */
    private Uni<Order> lockOrderOf(PaymentEvent event) {
        Uni<Order> locked = event.orderId().isPresent()
                ? transitions.lock(event.orderId().get())
                : transitions.lockByProviderOrder(event.provider(), event.providerOrderId());
        return locked.map(order -> order != null && matches(order, event) ? order : null);
    }

    private static boolean matches(Order order, PaymentEvent event) {
        if (!order.provider.equals(event.provider())) {
            LOG.errorf("%s event %s names order %s, which is a %s order", event.provider(), event.eventId(), order.id,
                    order.provider);
            return false;
        }
        if (event.providerOrderId() == null) {
            return true;
        }
        if (order.providerOrderId == null) {
            // The buyer approved before we stored the checkout we had just opened: adopt the provider's id.
            order.providerOrderId = event.providerOrderId();
            return true;
        }
        if (!order.providerOrderId.equals(event.providerOrderId())) {
            LOG.errorf("%s event %s names order %s with provider order %s, but it has %s", event.provider(),
                    event.eventId(), order.id, event.providerOrderId(), order.providerOrderId);
            return false;
        }
        return true;
    }

    private static String unknownOrder(PaymentEvent event) {
        // Acknowledged rather than retried: no delivery of this event will ever find an order.
        LOG.warnf("%s event %s refers to no order of ours (provider order %s)", event.provider(), event.eventId(),
                event.providerOrderId());
        return "no matching order";
    }
}
