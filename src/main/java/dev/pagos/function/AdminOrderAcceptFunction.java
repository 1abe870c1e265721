package dev.pagos.function;

import dev.pagos.api.ReviewJson;
import dev.pagos.http.HttpRequest;
import dev.pagos.review.ReviewDesk;
import jakarta.inject.Named;

/** POST /admin/orders/{orderId}/accept: grant an order held for review when its provider's record bears it out. */
@Named(Routes.ADMIN_ORDER_ACCEPT)
public class AdminOrderAcceptFunction extends AdminActionFunction {

    @Override
    protected String handler() {
        return Routes.ADMIN_ORDER_ACCEPT;
    }

    @Override
    protected ReviewDesk.Outcome act(HttpRequest request, String admin, ReviewJson.ActionRequest body) {
        return desk.acceptOrder(request.uuidPathParameter("orderId"), admin, body.reason());
    }
}
