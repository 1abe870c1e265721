package dev.pagos.function;

import dev.pagos.api.ReviewJson;
import dev.pagos.http.HttpRequest;
import dev.pagos.review.ReviewDesk;
import jakarta.inject.Named;

/** POST /admin/orders/{orderId}/refund: through the provider, or recorded by hand with its reference. */
@Named(Routes.ADMIN_ORDER_REFUND)
public class AdminOrderRefundFunction extends AdminActionFunction {

    @Override
    protected String handler() {
        return Routes.ADMIN_ORDER_REFUND;
    }

    @Override
    protected ReviewDesk.Outcome act(HttpRequest request, String admin, ReviewJson.ActionRequest body) {
        return desk.refundOrder(request.uuidPathParameter("orderId"), admin, body.reason(), body.manualReference());
    }
}
