package dev.pagos.function;

import dev.pagos.api.OrderJson;
import dev.pagos.http.HttpFunction;
import dev.pagos.http.HttpRequest;
import dev.pagos.order.OrderService;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** GET /orders/{orderId}: the buyer polls their own order. */
@Named(Routes.ORDER_GET)
public class GetOrderFunction extends HttpFunction {

    @Inject
    OrderService orders;

    @Override
    protected Reply handle(HttpRequest request) {
        String buyer = caller(request).userId();
        return Reply.ok(OrderJson.of(orders.buyersOrder(buyer, request.uuidPathParameter("orderId"))));
    }
}
