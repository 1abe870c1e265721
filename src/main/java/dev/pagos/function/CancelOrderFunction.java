package dev.pagos.function;

import dev.pagos.api.OrderJson;
import dev.pagos.http.HttpFunction;
import dev.pagos.http.HttpRequest;
import dev.pagos.order.OrderService;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** POST /orders/{orderId}/cancel: the buyer gives up their own unpaid order (no body). */
@Named(Routes.ORDER_CANCEL)
public class CancelOrderFunction extends HttpFunction {

    @Inject
    OrderService orders;

    @Override
    protected Reply handle(HttpRequest request) {
        String buyer = caller(request).userId();
        return Reply.ok(OrderJson.of(orders.cancel(buyer, request.uuidPathParameter("orderId"))));
    }
}
