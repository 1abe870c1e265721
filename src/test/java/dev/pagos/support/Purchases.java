package dev.pagos.support;

import static org.hamcrest.Matchers.equalTo;

import java.util.UUID;

/** A whole PayPal purchase as PayPal would play it: order placed, buyer approves, we capture, PayPal confirms. */
public final class Purchases {

    private Purchases() {
    }

    public record Completed(UUID orderId, String paypalOrderId) {
    }

    public static Completed completeWithPaypal(String buyer, String productId, String value) {
        Orders.Placed order = Orders.place(buyer, productId);
        PaypalOrders.approvedThenCapturedOnCapture(order.paypalOrderId(), order.orderId(), value);
        PaypalEvents.deliver(PaypalEvents.orderApproved(PaypalEvents.newEventId(), order.paypalOrderId(), order.orderId(),
                value)).then().statusCode(200).body("result", equalTo("PROCESSED"));
        return new Completed(order.orderId(), order.paypalOrderId());
    }
}
