package dev.pagos.order;

import dev.pagos.persistence.Transactions;
import dev.pagos.text.Truncate;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import dev.pagos.provider.ProviderName;
import dev.pagos.wallet.Movement;
import dev.pagos.wallet.Wallet;
import org.jboss.logging.Logger;

/**
 * The only place an order's status changes. Each change is checked against {@link OrderStatus}'s table,
 * written with its cause to the audit trail, and carries its side effect on ownership (an acquisition is
 * granted on completion, exactly once, and revoked on refund).
 */
@ApplicationScoped
public class OrderTransitions {

    private static final Logger LOG = Logger.getLogger(OrderTransitions.class);

    private final Clock clock;
    private final Wallet wallet;

    OrderTransitions(Clock clock, Wallet wallet) {
        this.clock = clock;
        this.wallet = wallet;
    }

    /** What a transition did; {@code moved} is false when the table did not allow it and nothing changed. */
    public record Change(Order order, OrderStatus from, boolean moved, Optional<Acquisition> acquisition) {
    }

    /** Inserts a new PENDING order with the first line of its trail. */
    public Uni<Order> create(Order order, String cause) {
        order.status = OrderStatus.PENDING;
        return OrderStore.insert(order, trailLine(order, null, OrderStatus.PENDING, cause, null));
    }

    /** Locks the order row for the rest of the transaction, so concurrent events apply one after another. */
    public Uni<Order> lock(UUID orderId) {
        return lockRow(orderId);
    }

    static Uni<Order> lockRow(UUID orderId) {
        return OrderStore.lock(orderId);
    }

    /**
     * Moves a locked order if the table allows it, writing the order (with whatever else the caller changed in it)
     * and its trail; otherwise writes nothing, not even the caller's changes, and reports why in the log: a caller
     * that changed the order must then {@link #save} it.
     */
    public Uni<Change> move(Order order, OrderStatus to, String cause, String detail) {
        return move(order, to, cause, detail, order.status.canMoveTo(to));
    }

    /** {@link #move} for a person's decision on the review desk, which may also make the moves only a person makes. */
    public Uni<Change> decide(Order order, OrderStatus to, String cause, String detail) {
        return move(order, to, cause, detail, order.status.canBeMovedByAPersonTo(to));
    }

    private Uni<Change> move(Order order, OrderStatus to, String cause, String detail, boolean allowed) {
        OrderStatus from = order.status;
        if (!allowed) {
            LOG.infof("Order %s stays %s: %s -> %s is not allowed (cause %s)", order.id, from, from, to, cause);
            return Uni.createFrom().item(new Change(order, from, false, Optional.empty()));
        }
        Instant now = clock.instant();
        order.status = to;
        order.updatedAt = now;
        if (to == OrderStatus.FAILED || to == OrderStatus.NEEDS_REVIEW) {
            order.failureReason = Truncate.toLength(detail, 1000);
        }
        Uni<Optional<Acquisition>> ownership = switch (to) {
            case COMPLETED -> {
                order.completedAt = now;
                yield grant(order, now).map(Optional::ofNullable);
            }
            case REFUNDED -> revoke(order, now, cause, detail).replaceWith(Optional.<Acquisition>empty());
            case PENDING, APPROVED, CAPTURE_PENDING, FAILED, NEEDS_REVIEW -> Uni.createFrom().item(Optional.<Acquisition>empty());
        };
        return OrderStore.update(order).flatMap(saved -> ownership).flatMap(acquisition -> record(order, from, to,
                cause, detail).replaceWith(new Change(order, from, true, acquisition)));
    }

    /** Writes the changes made to a locked order (a change of status goes through {@link #move} instead). */
    public Uni<Order> save(Order order) {
        return OrderStore.update(order);
    }

    /**
     * Fails a locked order for a reason that is not a failed payment (the buyer cancelled, the checkout expired),
     * so pages can say so. Same table as {@link #move}: an order that can no longer fail is left as it is.
     */
    public Uni<Change> fail(Order order, FailureKind kind, String cause, String detail) {
        if (order.status.canMoveTo(OrderStatus.FAILED)) {
            order.failureKind = kind;
        }
        return move(order, OrderStatus.FAILED, cause, detail);
    }

    /** For callers outside a transaction: lock, move, commit. */
    public Change moveInNewTransaction(UUID orderId, OrderStatus to, String cause, String detail) {
        return Transactions.inTransaction(() -> lock(orderId).flatMap(order -> move(order, to, cause, detail)));
    }

    /** A product order grants its product; a plan/assistants/add-ons order grants an entitlement per line. */
    private Uni<Acquisition> grant(Order order, Instant now) {
        if (order.kind == OrderKind.TOPUP) {
            // Exactly once: the order moves to COMPLETED once, and the entry's key is the order's.
            return wallet.post(Movement.topup(order.userId, order.currency, order.amountMinor, order.id,
                    order.provider.code())).replaceWith((Acquisition) null);
        }
        if (order.productId == null) {
            return grantEntitlements(order, now).replaceWith((Acquisition) null);
        }
        return OrderStore.acquisitionOf(order.id).flatMap(existing -> {
            if (existing != null) {
                return Uni.createFrom().item(existing);
            }
            Acquisition acquisition = new Acquisition();
            acquisition.id = UUID.randomUUID();
            acquisition.userId = order.userId;
            acquisition.productId = order.productId;
            acquisition.orderId = order.id;
            acquisition.grantedAt = now;
            return OrderStore.insert(acquisition);
        });
    }

    private Uni<Void> grantEntitlements(Order order, Instant now) {
        int months = order.billingPeriod == null ? 1 : order.billingPeriod.months();
        return OrderStore.entitlementCount(order.id).flatMap(granted -> granted > 0
                ? Uni.createFrom().voidItem()
                : OrderStore.lines(order.id).flatMap(lines -> {
                    List<Entitlement> entitlements = new ArrayList<>();
                    for (OrderLine line : lines) {
                        Entitlement entitlement = new Entitlement();
                        entitlement.id = UUID.randomUUID();
                        entitlement.userId = order.userId;
                        entitlement.orderId = order.id;
                        entitlement.orderLineId = line.id;
                        entitlement.workspaceId = order.workspaceId;
                        entitlement.kind = line.kind;
                        entitlement.itemReference = line.itemReference;
                        entitlement.quantity = line.quantity;
                        entitlement.botFlowId = line.botFlowId;
                        entitlement.months = months;
                        entitlement.grantedAt = now;
                        entitlements.add(entitlement);
                    }
                    return OrderStore.insertEntitlements(entitlements);
                }));
    }

    private Uni<Void> revoke(Order order, Instant now, String cause, String detail) {
        if (order.kind == OrderKind.TOPUP) {
            // The money goes back through the provider, so it leaves the wallet. A refund we asked for took it out
            // before the provider was asked (OrderPayments.refund), and that entry stands; a refund made at the
            // provider by someone else takes it out now, and if it was spent the move fails whole with
            // INSUFFICIENT_FUNDS (the order stays COMPLETED, for a person to settle).
            return wallet.takeTopUpRefund(order.asTopUp(), Truncate.toLength(cause, 300), Truncate.toLength(detail, 1000))
                    .replaceWithVoid();
        }
        Uni<Void> creditBack = order.provider == ProviderName.WALLET
                // Paid from the wallet: the price goes back to it in this same transaction, once per order.
                ? wallet.post(Movement.refund(order.userId, order.currency, order.amountMinor, order.id,
                        Truncate.toLength(cause, 300), Truncate.toLength(detail, 1000))).replaceWithVoid()
                : Uni.createFrom().voidItem();
        return creditBack.flatMap(ignored -> revokeGrant(order, now, cause));
    }

    private Uni<Void> revokeGrant(Order order, Instant now, String cause) {
        if (order.productId == null) {
            return OrderStore.revokeEntitlements(order.id, now, "refunded (" + Truncate.toLength(cause, 900) + ")")
                    .replaceWithVoid();
        }
        return OrderStore.revokeAcquisition(order.id, now, "refunded (" + cause + ")").replaceWithVoid();
    }

    private Uni<OrderTransition> record(Order order, OrderStatus from, OrderStatus to, String cause, String detail) {
        return OrderStore.insert(trailLine(order, from, to, cause, detail));
    }

    private OrderTransition trailLine(Order order, OrderStatus from, OrderStatus to, String cause, String detail) {
        OrderTransition line = new OrderTransition();
        line.orderId = order.id;
        line.fromStatus = from;
        line.toStatus = to;
        line.cause = Truncate.toLength(cause, 300);
        line.detail = Truncate.toLength(detail, 2000);
        line.occurredAt = clock.instant();
        return line;
    }
}
