package dev.pagos.function;

import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import dev.pagos.order.OrderService;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.UUID;

/** GET /orders/{orderId}: the buyer polls their own order. */
@Named(Routes.ORDER_GET)
public class GetOrderFunction extends HttpFunction {

    @Inject
    OrderService orders;

    @Override
    protected Reply handle(HttpRequest request) {
        String buyer = caller(request).userId();
        UUID orderId;
        try {
            orderId = UUID.fromString(request.pathParameter("orderId"));
        } catch (IllegalArgumentException e) {
            throw new PagosException(ErrorCode.INVALID_REQUEST, "orderId must be a UUID");
        }
        return Reply.ok(OrderJson.of(orders.buyersOrder(buyer, orderId)));
    }
}
