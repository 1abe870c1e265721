package dev.pagos.function;

import dev.pagos.order.Order;
import dev.pagos.order.OrderNotifier;
import dev.pagos.order.OrderService.PlacedOrder;
import dev.pagos.order.OrderStatus;
import dev.pagos.qr.QrCodes;
import java.util.LinkedHashMap;
import java.util.Map;

/** How an order looks to its buyer. Amounts are integer minor units with their currency. */
final class OrderJson {

    private OrderJson() {
    }

    static Map<String, Object> of(PlacedOrder placed) {
        Order order = placed.order();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("orderId", order.id.toString());
        json.put("status", order.status.name());
        json.put("displayStatus", OrderNotifier.publicStatus(order));
        json.put("provider", order.provider);
        json.put("providerOrderId", order.providerOrderId);
        json.put("approveUrl", order.approveUrl);
        // The QR code is only useful while the buyer still has to pay.
        boolean payable = order.status == OrderStatus.PENDING && order.approveUrl != null;
        json.put("qrCode", payable ? QrCodes.pngDataUrl(order.approveUrl) : null);
        json.put("productId", order.productId);
        json.put("productName", placed.product().name);
        json.put("amount", order.amountMinor);
        json.put("currency", order.currency);
        json.put("createdAt", order.createdAt.toString());
        json.put("completedAt", order.completedAt == null ? null : order.completedAt.toString());
        json.put("failureReason", order.failureReason);
        return json;
    }
}
