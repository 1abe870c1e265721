package dev.pagos.order;

import dev.pagos.catalog.CatalogService;
import dev.pagos.persistence.Transactions;
import dev.pagos.push.PushService;
import dev.pagos.wallet.Movement;
import dev.pagos.wallet.Wallet;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tells the buyer's browsers about an order's new status. Called after the change is committed, so a
 * browser never hears of a status the database does not have. The event names are the ones the
 * checkout dialog listens for.
 */
@ApplicationScoped
public class OrderNotifier {

    private final PushService push;
    private final CatalogService catalog;
    private final Wallet wallet;

    OrderNotifier(PushService push, CatalogService catalog, Wallet wallet) {
        this.catalog = catalog;
        this.push = push;
        this.wallet = wallet;
    }

    public void statusChanged(OrderTransitions.Change change) {
        if (!change.moved()) {
            return;
        }
        Order order = change.order();
        String event = switch (order.status) {
            case APPROVED, CAPTURE_PENDING, NEEDS_REVIEW -> "payment_processing";
            case COMPLETED -> "payment_completed";
            case FAILED -> "payment_failed";
            case REFUNDED -> "payment_refunded";
            case PENDING -> null;
        };
        if (event == null) {
            return;
        }
        String name = order.productId == null ? order.title
                : Transactions.autocommit(() -> catalog.product(order.productId)).name;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("orderId", order.id.toString());
        data.put("productId", order.productId);
        data.put("productName", name);
        data.put("status", publicStatus(order));
        data.put("orderStatus", order.status.name());
        data.put("message", message(order, name));
        data.put("amount", order.amountMinor);
        data.put("currency", order.currency);
        change.acquisition().ifPresent(acquisition -> data.put("acquisitionId", acquisition.id.toString()));
        if (order.status == OrderStatus.COMPLETED && order.completedAt != null) {
            data.put("processingTimeMs", Duration.between(order.createdAt, order.completedAt).toMillis());
        }
        push.sendToUser(order.userId, event, data);
        if (order.kind == OrderKind.TOPUP && order.status == OrderStatus.COMPLETED) {
            wallet.notifyOwnerOf(Movement.topup(order.userId, order.currency, order.amountMinor, order.id, "").idempotencyKey());
        } else if (order.kind == OrderKind.TOPUP && order.status == OrderStatus.REFUNDED) {
            dev.pagos.wallet.Entry taken = wallet.outstandingTopUpRefund(order.asTopUp());
            if (taken != null) {
                wallet.notifyOwner(new dev.pagos.wallet.Posted(taken, true));
            }
        } else if (order.provider == dev.pagos.provider.ProviderName.WALLET && order.status == OrderStatus.REFUNDED) {
            wallet.notifyOwnerOf(Movement.refund(order.userId, order.currency, order.amountMinor, order.id, null, null)
                    .idempotencyKey());
        }
    }

    /**
     * The words the checkout dialog switches on: pending, processing, completed, failed, refunded, and for a
     * FAILED order that was not a failed payment, cancelled or expired (a page says "you cancelled", not "failed").
     */
    public static String publicStatus(Order order) {
        return switch (order.status) {
            case PENDING -> "pending";
            case APPROVED, CAPTURE_PENDING, NEEDS_REVIEW -> "processing";
            case COMPLETED -> "completed";
            case FAILED -> order.failureKind == null ? "failed" : switch (order.failureKind) {
                case CANCELLED -> "cancelled";
                case EXPIRED -> "expired";
            };
            case REFUNDED -> "refunded";
        };
    }

    private static String message(Order order, String productName) {
        return switch (order.status) {
            case PENDING -> "Waiting for your payment";
            case APPROVED, CAPTURE_PENDING -> "Processing your payment...";
            case COMPLETED -> order.kind == OrderKind.TOPUP ? "Payment completed! Your wallet was topped up"
                    : "Payment completed! You now own " + productName;
            case FAILED -> order.failureKind == null ? "The payment could not be completed; no money was taken"
                    : switch (order.failureKind) {
                        case CANCELLED -> "You cancelled this order; no money was taken";
                        case EXPIRED -> "This checkout expired before it was paid; no money was taken";
                    };
            case REFUNDED -> "Your payment for " + productName + " was refunded";
            case NEEDS_REVIEW -> "We are checking your payment; we will write to you";
        };
    }
}
