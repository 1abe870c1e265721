package dev.pagos.function;

import dev.pagos.api.ReviewJson;
import dev.pagos.http.HttpRequest;
import dev.pagos.review.ReviewDesk;
import jakarta.inject.Named;

/** POST /admin/charges/{chargeId}/refund: a refund made by hand, recorded with its reference. */
@Named(Routes.ADMIN_CHARGE_REFUND)
public class AdminChargeRefundFunction extends AdminActionFunction {

    @Override
    protected String handler() {
        return Routes.ADMIN_CHARGE_REFUND;
    }

    @Override
    protected ReviewDesk.Outcome act(HttpRequest request, String admin, ReviewJson.ActionRequest body) {
        return desk.refundCharge(request.uuidPathParameter("chargeId"), admin, body.reason(), body.manualReference());
    }
}
