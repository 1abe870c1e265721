package dev.pagos.function;

import dev.pagos.api.OrderJson;
import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import dev.pagos.http.HttpFunction;
import dev.pagos.http.HttpRequest;
import dev.pagos.order.OrderService;
import dev.pagos.order.OrderService.OrderCursor;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GET /me/orders?limit=&cursor=&open=true: the signed-in buyer's orders, newest first, each shaped like
 * GET /orders/{orderId}. A page calls it after a reload to find the checkout it was showing.
 */
@Named(Routes.MY_ORDERS)
public class MyOrdersFunction extends HttpFunction {

    static final int DEFAULT_LIMIT = 20;
    /** Each payable order carries a QR code; a cap keeps one answer small and quick. */
    static final int MAX_LIMIT = 50;

    @Inject
    OrderService orders;

    @Override
    protected Reply handle(HttpRequest request) {
        String buyer = caller(request).userId();
        int limit = request.limitParameter(DEFAULT_LIMIT, MAX_LIMIT);
        String cursor = request.queryParameter("cursor");
        OrderService.OrderPage page = orders.recentOrders(buyer, cursor == null ? null : OrderCursor.parse(cursor), limit,
                openOnly(request.queryParameter("open")));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("orders", page.orders().stream().map(OrderJson::of).toList());
        json.put("limit", limit);
        json.put("nextCursor", page.next() == null ? null : page.next().token());
        return Reply.ok(json);
    }

    private static boolean openOnly(String value) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new PagosException(ErrorCode.INVALID_REQUEST, "open must be true or false");
    }
}
