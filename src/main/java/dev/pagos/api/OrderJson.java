package dev.pagos.api;

import dev.pagos.order.Order;
import dev.pagos.order.OrderNotifier;
import dev.pagos.order.OrderService.PlacedOrder;
import dev.pagos.order.OrderStatus;
import dev.pagos.qr.QrCodes;
import java.util.LinkedHashMap;
import java.util.Map;

/** How an order looks to its buyer. Amounts are integer minor units with their currency. */
public final class OrderJson {

    private OrderJson() {
    }

    /** What the page needs to pay: the link (and QR) and, for a widget provider, the signed widget parameters. */
    private static Map<String, Object> checkoutOf(Order order) {
        Map<String, Object> checkout = new LinkedHashMap<>();
        checkout.put("url", order.approveUrl);
        if (order.providerData != null) {
            checkout.put("widget", order.providerData);
        }
        return checkout;
    }

    public static Map<String, Object> of(PlacedOrder placed) {
        Order order = placed.order();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("orderId", order.id.toString());
        json.put("status", order.status.name());
        json.put("displayStatus", OrderNotifier.publicStatus(order));
        json.put("provider", order.provider.code());
        json.put("providerOrderId", order.providerOrderId);
        json.put("approveUrl", order.approveUrl);
        // The QR code is only useful while the buyer still has to pay.
        boolean payable = order.status == OrderStatus.PENDING && order.approveUrl != null;
        json.put("qrCode", payable ? QrCodes.pngDataUrl(order.approveUrl) : null);
        json.put("productId", order.productId);
        json.put("productName", placed.displayName());
        json.put("amount", order.amountMinor);
        json.put("currency", order.currency);
        json.put("createdAt", order.createdAt.toString());
        json.put("completedAt", order.completedAt == null ? null : order.completedAt.toString());
        json.put("failureReason", order.failureReason);
        if (order.kind == dev.pagos.order.OrderKind.TOPUP) {
            json.put("kind", "topup");
        } else if (order.productId == null) {
            // A plan/assistants/add-ons order: what was bought, its breakdown, and the provider's widget parameters.
            json.put("workspaceId", order.workspaceId);
            json.put("period", order.billingPeriod == null ? null : order.billingPeriod.code());
            json.put("quote", order.quote);
            json.put("exchangeRate", order.exchangeRate == null ? null : order.exchangeRate.toPlainString());
            json.put("exchangeRateOrigin", order.exchangeRateOrigin == null ? null
                    : order.exchangeRateOrigin.name().toLowerCase(java.util.Locale.ROOT));
        }
        json.put("checkout", payable ? checkoutOf(order) : null);
        return json;
    }
}
