package dev.pagos.order;

import dev.pagos.money.Money;
import dev.pagos.persistence.Transactions;
import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import dev.pagos.provider.CaptureRequest;
import dev.pagos.provider.ConfirmedPayment;
import dev.pagos.provider.HostedCheckout;
import dev.pagos.provider.PaymentCapture;
import dev.pagos.provider.PaymentEvent;
import dev.pagos.provider.PaymentProviders;
import dev.pagos.provider.PaymentRefunds;
import dev.pagos.provider.PaymentsByReference;
import dev.pagos.provider.ProviderName;
import dev.pagos.provider.ProviderRejectedException;
import java.util.Optional;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Brings orders in line with what the provider's API says about their payment. A webhook is only a reason to
 * ask: its body names the order, and whatever it claims is read again from the provider before anything is
 * granted, failed or refunded. The reconciliation job asks the same way for orders whose events never came.
 * Every change goes through {@link OrderTransitions} under a row lock, and the buyer is told after it commits.
 */
@ApplicationScoped
public class OrderPayments {

    private static final Logger LOG = Logger.getLogger(OrderPayments.class);

    private final OrderTransitions transitions;
    private final OrderClaims claims;
    private final PaymentProviders providers;
    private final OrderNotifier notifier;
    private final WalletRefunds walletRefunds;

    OrderPayments(OrderTransitions transitions, OrderClaims claims, PaymentProviders providers, OrderNotifier notifier,
            WalletRefunds walletRefunds) {
        this.walletRefunds = walletRefunds;
        this.transitions = transitions;
        this.claims = claims;
        this.providers = providers;
        this.notifier = notifier;
    }

    /**
     * What applying an event did: a short description (kept in the webhook inbox) and the stage the provider's API
     * confirmed for the order's payment, null when nothing about this order was confirmed.
     */
    public record Applied(String description, ConfirmedPayment.Stage confirmed) {
    }

    /**
     * @return what happened
     * @throws dev.pagos.provider.ProviderUnavailableException when the provider could not be asked or the capture
     *         could not reach it; nothing changed and the same event may be applied again later
     */
    public Applied apply(PaymentEvent event, PaymentEvent.OrderPayment subject) {
        if (event.kind() == PaymentEvent.Kind.NOT_RELEVANT) {
            return new Applied("ignored " + event.eventType(), null);
        }
        Order order = Transactions.autocommit(() -> orderOf(event, subject));
        if (order == null) {
            // Acknowledged rather than retried: no delivery of this event will ever find an order.
            LOG.warnf("%s event %s refers to no order of ours (provider payment %s)", event.provider(), event.eventId(),
                    subject.providerPaymentId());
            return new Applied("no matching order", null);
        }
        String providerOrderId = order.providerOrderId != null ? order.providerOrderId : subject.providerPaymentId();
        if (providerOrderId == null) {
            return new Applied("order " + order.id + " has no checkout to confirm against", null);
        }
        return confirmAndSettle(order.id, providerOrderId, "webhook:" + event.provider() + ":" + event.eventId());
    }

    /**
     * The buyer came back from the provider's page with the provider's id of their payment (Wompi's {@code ?id=}).
     * A redirect proves nothing: the payment is read from the provider, must name one of this buyer's orders of
     * that provider, and then moves the order only as {@link #reconcile} would.
     *
     * @return the order as it stands afterwards
     * @throws PagosException PAYMENT_NOT_FOUND when the provider has no such payment or it is not the buyer's
     */
    public Order confirmReturn(ProviderName providerName, String providerPaymentId, String userId) {
        HostedCheckout provider = providers.checkout(providerName);
        ConfirmedPayment seen;
        try {
            seen = provider.lookup(providerPaymentId);
        } catch (ProviderRejectedException e) {
            throw paymentNotFound();
        }
        UUID orderId = uuidOrNull(seen.reference());
        Order order = orderId == null ? null
                : Transactions.autocommit(() -> OrderStore.buyersOrder(orderId, userId, providerName));
        if (order == null) {
            throw paymentNotFound();
        }
        if (order.providerOrderId != null && !order.providerOrderId.equals(providerPaymentId)) {
            LOG.warnf("Order %s is paid by %s payment %s, not %s: the return changes nothing", orderId, providerName,
                    order.providerOrderId, providerPaymentId);
            return order;
        }
        LOG.infof("Return from %s: %s", providerName, settleSeen(orderId, providerName, providerPaymentId, seen,
                "return:" + providerName));
        return Transactions.autocommit(() -> OrderStore.order(orderId));
    }

    /**
     * Gives a completed order's money back through its provider (a person's decision: {@code actor} and
     * {@code reason} go to the audit trail), and revokes what it granted, once. The provider's refund is asked only
     * while this call holds the order's claim, and the order moves to REFUNDED only on the provider's confirmed
     * record of the refund; an order already refunded is answered as it is, with no second call.
     *
     * @return the order as it stands afterwards (still COMPLETED if the provider has not confirmed the refund yet;
     *         its notification then settles it)
     */
    public Order refund(UUID orderId, String actor, String reason) {
        Order order = Transactions.autocommit(() -> OrderStore.order(orderId));
        if (order == null) {
            throw new PagosException(ErrorCode.ORDER_NOT_FOUND, "No order " + orderId);
        }
        if (order.status == OrderStatus.REFUNDED) {
            return order;
        }
        if (order.provider == ProviderName.WALLET) {
            return walletRefunds.refundToWallet(orderId, actor, reason);
        }
        if ((order.status != OrderStatus.COMPLETED && order.status != OrderStatus.NEEDS_REVIEW)
                || order.providerOrderId == null) {
            throw new PagosException(ErrorCode.ORDER_NOT_REFUNDABLE, "Order " + orderId + " is " + order.status
                    + " with no payment to refund");
        }
        PaymentRefunds refunds = providers.refunds(order.provider).orElseThrow(() -> new PagosException(
                ErrorCode.UNSUPPORTED_PROVIDER, order.provider + " refunds are not supported"));
        if (!claims.claim(orderId, o -> o.status == OrderStatus.COMPLETED || o.status == OrderStatus.NEEDS_REVIEW)) {
            Order now = Transactions.autocommit(() -> OrderStore.order(orderId));
            if (now.status == OrderStatus.REFUNDED) {
                return now;
            }
            throw new PagosException(ErrorCode.REFUND_IN_PROGRESS, "Order " + orderId + " is being refunded");
        }
        if (order.kind == OrderKind.TOPUP) {
            try {
                // Before the provider is asked: what was spent cannot be refunded (TOPUP_ALREADY_SPENT).
                walletRefunds.takeOut(order, actor, reason);
            } catch (RuntimeException e) {
                claims.release(orderId);
                throw e;
            }
        }
        ConfirmedPayment seen;
        try {
            seen = refunds.refund(new PaymentRefunds.RefundRequest(orderId, order.providerOrderId, order.amount()));
        } catch (ProviderRejectedException e) {
            if (order.kind == OrderKind.TOPUP) {
                walletRefunds.putBack(order, order.provider + " refused the refund (" + e.providerCode() + ")");
            }
            claims.release(orderId);
            throw new PagosException(ErrorCode.PROVIDER_REJECTED, order.provider + " refused the refund ("
                    + e.providerCode() + ")", e);
        } catch (dev.pagos.provider.ProviderUnavailableException e) {
            claims.release(orderId);
            if (order.kind == OrderKind.TOPUP) {
                // The refund may have happened: the money stays out of the wallet until a retry learns the outcome.
                walletRefunds.announceTakenOut(order);
                throw new PagosException(ErrorCode.PROVIDER_UNAVAILABLE, order.provider + " did not answer; the"
                        + " top-up's amount stays out of the wallet until the refund is asked again", e);
            }
            throw new PagosException(ErrorCode.PROVIDER_UNAVAILABLE, order.provider
                    + " did not answer; nothing changed here, ask again", e);
        } catch (RuntimeException e) {
            claims.release(orderId);
            throw e;
        }
        ConfirmedPayment audited = new ConfirmedPayment(seen.stage(), seen.reference(), seen.amount(), seen.captureId(),
                seen.providerStatus() + "; refund by " + dev.pagos.text.Truncate.toLength(actor, 60) + ": "
                        + dev.pagos.text.Truncate.toLength(reason, 200));
        try {
            if (seen.stage() == ConfirmedPayment.Stage.REFUNDED) {
                LOG.infof("Refund: %s", settleSeen(orderId, order.provider, order.providerOrderId, audited,
                        "refund:" + dev.pagos.text.Truncate.toLength(actor, 60)));
            } else if (order.kind == OrderKind.TOPUP) {
                walletRefunds.announceTakenOut(order);
            }
        } finally {
            claims.release(orderId);
        }
        return Transactions.autocommit(() -> OrderStore.order(orderId));
    }

    private static PagosException paymentNotFound() {
        return new PagosException(ErrorCode.PAYMENT_NOT_FOUND, "No such payment for this user");
    }

    private static UUID uuidOrNull(String value) {
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Reads the order's payment from its provider and moves the order to what the provider says: capturing it
     * if the buyer approved, completing it only when the captured amount and currency are the order's.
     *
     * @param providerOrderId the provider's id of the checkout; adopted by the order if it has none yet and the
     *        provider's record names the order as its reference
     */
    public String reconcile(UUID orderId, String providerOrderId, String cause) {
        return confirmAndSettle(orderId, providerOrderId, cause).description();
    }

    private Applied confirmAndSettle(UUID orderId, String providerOrderId, String cause) {
        Order order = Transactions.autocommit(() -> OrderStore.order(orderId));
        HostedCheckout provider = providers.checkout(order.provider);
        ConfirmedPayment seen;
        try {
            seen = provider.lookup(providerOrderId);
        } catch (ProviderRejectedException e) {
            // The provider has no such checkout (or refuses to show it): nothing an event says about it can be true.
            LOG.errorf("%s refused to show order %s for order %s: %s", order.provider, providerOrderId, orderId,
                    e.getMessage());
            return new Applied("provider has no readable order " + providerOrderId + " (" + e.providerCode() + ")", null);
        }
        String description = settleSeen(orderId, order.provider, providerOrderId, seen, cause);
        return new Applied(description, orderId.toString().equals(seen.reference()) ? seen.stage() : null);
    }

    /**
     * For an order whose provider payment id we never learned (the buyer paid, but the event and the redirect were
     * lost): asks the provider for the payment made with our reference, and moves the order exactly as an event
     * about that payment would.
     *
     * @return what happened, or empty when the provider cannot be searched by reference or has no payment for it
     *         (then the order's expiry decides)
     */
    public Optional<String> reconcileByReference(UUID orderId, String cause) {
        Order order = Transactions.autocommit(() -> OrderStore.order(orderId));
        Optional<PaymentsByReference> search = providers.byReference(order.provider);
        if (search.isEmpty()) {
            return Optional.empty();
        }
        Optional<PaymentsByReference.Found> found;
        try {
            found = search.get().findByReference(orderId.toString());
        } catch (ProviderRejectedException e) {
            LOG.errorf("%s refused to search payments of order %s: %s", order.provider, orderId, e.getMessage());
            return Optional.empty();
        }
        return found.map(payment -> settleSeen(orderId, order.provider, payment.providerPaymentId(), payment.payment(),
                cause));
    }

    /** Acts on what the provider's API said: captures an approval (if the provider has a capture), else settles. */
    private String settleSeen(UUID orderId, ProviderName provider, String providerOrderId, ConfirmedPayment seen, String cause) {
        if (!orderId.toString().equals(seen.reference())) {
            LOG.errorf("Provider payment %s is on record with reference %s, not order %s: ignored",
                    providerOrderId, seen.reference(), orderId);
            return "provider order " + providerOrderId + " is not order " + orderId;
        }
        Optional<PaymentCapture> capture = providers.capture(provider);
        if (seen.stage() == ConfirmedPayment.Stage.APPROVED && capture.isPresent()) {
            return captureApproved(orderId, providerOrderId, seen, cause, capture.get());
        }
        return settle(orderId, providerOrderId, seen, cause);
    }

    private String captureApproved(UUID orderId, String providerOrderId, ConfirmedPayment approved, String cause,
            PaymentCapture capture) {
        OrderTransitions.Change approval = move(orderId, providerOrderId, approved, OrderStatus.APPROVED, cause);
        notifier.statusChanged(approval);
        if (approval.order().status != OrderStatus.APPROVED) {
            // Already captured, settled, failed or held for review by an earlier step: capturing again would be wrong.
            return "order " + orderId + " already " + approval.order().status;
        }
        if (!claims.claim(orderId, order -> order.status == OrderStatus.APPROVED)) {
            return "capture of order " + orderId + " is being made by another delivery";
        }
        ConfirmedPayment captured;
        try {
            captured = capture.capture(new CaptureRequest(orderId, providerOrderId));
        } catch (ProviderRejectedException e) {
            OrderTransitions.Change failed = Transactions.inTransaction(() -> transitions.lock(orderId)
                    .flatMap(order -> {
                        boolean claimed = order.claimedUntil != null;
                        order.claimedUntil = null;
                        return transitions.move(order, OrderStatus.FAILED, "capture", "capture rejected: "
                                + e.providerCode()).call(change -> !change.moved() && claimed
                                        ? transitions.save(order) : Uni.createFrom().voidItem());
                    }));
            notifier.statusChanged(failed);
            return "capture rejected: " + e.providerCode();
        } catch (RuntimeException e) {
            claims.release(orderId);
            throw e;
        }
        return settle(orderId, providerOrderId, captured, "capture");
    }

    /** Moves the order to the confirmed stage; a confirmed payment that is not the order's amount grants nothing. */
    private String settle(UUID orderId, String providerOrderId, ConfirmedPayment seen, String cause) {
        OrderStatus target = switch (seen.stage()) {
            case AWAITING_BUYER -> null;
            case APPROVED -> OrderStatus.APPROVED;
            case CAPTURE_PENDING -> OrderStatus.CAPTURE_PENDING;
            case CAPTURED -> OrderStatus.COMPLETED;
            // A void before the money settled is a decline; after it, a refund (decided under the lock, in move).
            case DECLINED, VOIDED -> OrderStatus.FAILED;
            case REFUNDED -> OrderStatus.REFUNDED;
        };
        if (target == null) {
            return "order " + orderId + ": provider says " + seen.providerStatus() + ", nothing to do";
        }
        OrderTransitions.Change change = move(orderId, providerOrderId, seen, target, cause);
        notifier.statusChanged(change);
        Order order = change.order();
        return change.moved()
                ? "order " + orderId + " " + change.from() + " -> " + order.status + " (" + seen.providerStatus() + ")"
                : "order " + orderId + " stays " + order.status + " (" + seen.providerStatus() + ")";
    }

    private OrderTransitions.Change move(UUID orderId, String providerOrderId, ConfirmedPayment seen, OrderStatus target,
            String cause) {
        return Transactions.inTransaction(() -> transitions.lock(orderId).flatMap(order -> {
            // What is changed here is written by the move, or by itself when the move does not happen.
            boolean changed = false;
            if (order.providerOrderId == null) {
                // The buyer approved before we stored the checkout we had opened; the provider vouched for it above.
                order.providerOrderId = providerOrderId;
                changed = providerOrderId != null;
            }
            if (seen.captureId() != null) {
                changed |= !seen.captureId().equals(order.providerCaptureId) || order.claimedUntil != null;
                order.providerCaptureId = seen.captureId();
                order.claimedUntil = null;
            }
            String detail = seen.providerStatus() + describe(seen.amount());
            OrderStatus to = seen.stage() == ConfirmedPayment.Stage.VOIDED
                    && (order.status == OrderStatus.COMPLETED || order.status == OrderStatus.NEEDS_REVIEW)
                    ? OrderStatus.REFUNDED : target;
            if (grants(target) && !order.amount().equals(seen.amount())) {
                LOG.errorf("Order %s costs %s but %s confirms %s: held for review", order.id, order.amount(),
                        order.provider, seen.amount());
                to = OrderStatus.NEEDS_REVIEW;
                detail += " differs from the order's " + order.amount().toDecimalString() + " " + order.currency;
            }
            boolean write = changed;
            return transitions.move(order, to, cause, detail)
                    .call(change -> !change.moved() && write ? transitions.save(order) : Uni.createFrom().voidItem());
        }));
    }

    /** Statuses that hand the product over, or promise to: they need the exact amount. */
    private static boolean grants(OrderStatus status) {
        return status == OrderStatus.COMPLETED || status == OrderStatus.CAPTURE_PENDING || status == OrderStatus.APPROVED;
    }

    private static String describe(Money amount) {
        return amount == null ? " (no amount)" : " " + amount.toDecimalString() + " " + amount.currency();
    }

    /** The order the event is about, or null when it is none of ours or its ids disagree. */
    private Uni<Order> orderOf(PaymentEvent event, PaymentEvent.OrderPayment subject) {
        Uni<Order> found = subject.orderReference().isPresent()
                ? OrderStore.order(subject.orderReference().get())
                : subject.providerPaymentId() == null ? Uni.createFrom().nullItem()
                : OrderStore.byProviderOrderId(event.provider(), subject.providerPaymentId());
        return found.map(order -> order != null && matches(order, event, subject) ? order : null);
    }

    private static boolean matches(Order order, PaymentEvent event, PaymentEvent.OrderPayment subject) {
        if (order.provider != event.provider()) {
            LOG.errorf("%s event %s names order %s, which is a %s order", event.provider(), event.eventId(), order.id,
                    order.provider);
            return false;
        }
        if (subject.providerPaymentId() != null && order.providerOrderId != null
                && !order.providerOrderId.equals(subject.providerPaymentId())) {
            LOG.errorf("%s event %s names order %s with provider payment %s, but it has %s", event.provider(),
                    event.eventId(), order.id, subject.providerPaymentId(), order.providerOrderId);
            return false;
        }
        return true;
    }
}
