package dev.pagos.function;

import dev.pagos.api.ReviewJson;
import dev.pagos.http.HttpRequest;
import dev.pagos.review.ReviewDesk;
import jakarta.inject.Named;

/** POST /admin/charges/{chargeId}/reject: grant nothing; the refund stays offered. */
@Named(Routes.ADMIN_CHARGE_REJECT)
public class AdminChargeRejectFunction extends AdminActionFunction {

    @Override
    protected String handler() {
        return Routes.ADMIN_CHARGE_REJECT;
    }

    @Override
    protected ReviewDesk.Outcome act(HttpRequest request, String admin, ReviewJson.ActionRequest body) {
        return desk.rejectCharge(request.uuidPathParameter("chargeId"), admin, body.reason());
    }
}
