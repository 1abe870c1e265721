package dev.pagos.order;

import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import dev.pagos.persistence.Transactions;
import dev.pagos.text.Truncate;
import dev.pagos.wallet.Entry;
import dev.pagos.wallet.Posted;
import dev.pagos.wallet.Wallet;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * The wallet's side of {@link OrderPayments#refund}. A wallet-paid order is refunded in one transaction: REFUNDED,
 * grant revoked, price credited back. A top-up is refunded in three steps, so that what was spent can never be
 * given back: its money is taken out of the wallet first (one transaction, under the balance row's lock, refused
 * with TOPUP_ALREADY_SPENT when the balance no longer covers it), then the provider is asked, and a refusal puts
 * the money back with a reversal entry; an unknown outcome leaves it taken out until the refund is asked again.
 */
@ApplicationScoped
class WalletRefunds {

    private final OrderTransitions transitions;
    private final OrderNotifier notifier;
    private final Wallet wallet;

    WalletRefunds(OrderTransitions transitions, OrderNotifier notifier, Wallet wallet) {
        this.transitions = transitions;
        this.notifier = notifier;
        this.wallet = wallet;
    }

    /** Refunds an order paid from the wallet, once: a second call finds it REFUNDED and changes nothing. */
    Order refundToWallet(UUID orderId, String actor, String reason) {
        OrderTransitions.Change change = Transactions.inTransaction(() -> transitions.lock(orderId).flatMap(order -> {
            if (order.status == OrderStatus.REFUNDED) {
                return Uni.createFrom().item(new OrderTransitions.Change(order, order.status, false,
                        java.util.Optional.empty()));
            }
            if (!order.status.canMoveTo(OrderStatus.REFUNDED)) {
                return Uni.createFrom().failure(new PagosException(ErrorCode.ORDER_NOT_REFUNDABLE, "Order " + orderId
                        + " is " + order.status + " with no payment to refund"));
            }
            return transitions.move(order, OrderStatus.REFUNDED, cause(actor), Truncate.toLength(reason, 1000));
        }));
        notifier.statusChanged(change);
        return change.order();
    }

    /**
     * Takes a top-up's money out of the wallet before its provider is asked to refund it. Call while holding the
     * order's claim.
     *
     * @throws PagosException TOPUP_ALREADY_SPENT when the wallet no longer holds the top-up's amount; nothing changed
     */
    void takeOut(Order topUp, String actor, String reason) {
        try {
            Transactions.inTransaction(() -> transitions.lock(topUp.id).flatMap(locked -> wallet.takeTopUpRefund(
                    locked.asTopUp(), cause(actor), Truncate.toLength(reason, 1000))));
        } catch (PagosException e) {
            if (e.code() != ErrorCode.INSUFFICIENT_FUNDS) {
                throw e;
            }
            throw new PagosException(ErrorCode.TOPUP_ALREADY_SPENT, "Top-up " + topUp.id + " was partly spent: the "
                    + topUp.currency + " wallet no longer holds its " + topUp.amountMinor
                    + " (minor units), and what was spent cannot be refunded; nothing changed", e);
        }
    }

    /**
     * The provider refused the refund: the money taken out goes back to the wallet (a reversal entry). The owner was
     * not told it was taken out (the outcome was not known yet), so no push either way.
     */
    void putBack(Order topUp, String why) {
        Transactions.inTransaction(() -> transitions.lock(topUp.id)
                .flatMap(locked -> wallet.reverseTopUpRefund(locked.asTopUp(), Truncate.toLength(why, 1000))));
    }

    /** The refund's outcome is not known yet: the owner is told the money is out of their wallet meanwhile. */
    void announceTakenOut(Order topUp) {
        Entry taken = wallet.outstandingTopUpRefund(topUp.asTopUp());
        if (taken != null) {
            wallet.notifyOwner(new Posted(taken, true));
        }
    }

    static String cause(String actor) {
        return "refund:" + Truncate.toLength(actor, 60);
    }
}
