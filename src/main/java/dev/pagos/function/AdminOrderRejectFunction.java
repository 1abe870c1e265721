package dev.pagos.function;

import dev.pagos.api.ReviewJson;
import dev.pagos.http.HttpRequest;
import dev.pagos.review.ReviewDesk;
import jakarta.inject.Named;

/** POST /admin/orders/{orderId}/reject: grant nothing; the refund stays offered. */
@Named(Routes.ADMIN_ORDER_REJECT)
public class AdminOrderRejectFunction extends AdminActionFunction {

    @Override
    protected String handler() {
        return Routes.ADMIN_ORDER_REJECT;
    }

    @Override
    protected ReviewDesk.Outcome act(HttpRequest request, String admin, ReviewJson.ActionRequest body) {
        return desk.rejectOrder(request.uuidPathParameter("orderId"), admin, body.reason());
    }
}
