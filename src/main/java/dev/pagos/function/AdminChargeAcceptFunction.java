package dev.pagos.function;

import dev.pagos.api.ReviewJson;
import dev.pagos.http.HttpRequest;
import dev.pagos.review.ReviewDesk;
import jakarta.inject.Named;

/** POST /admin/charges/{chargeId}/accept: approve a charge held for review when its provider's record bears it out. */
@Named(Routes.ADMIN_CHARGE_ACCEPT)
public class AdminChargeAcceptFunction extends AdminActionFunction {

    @Override
    protected String handler() {
        return Routes.ADMIN_CHARGE_ACCEPT;
    }

    @Override
    protected ReviewDesk.Outcome act(HttpRequest request, String admin, ReviewJson.ActionRequest body) {
        return desk.acceptCharge(request.uuidPathParameter("chargeId"), admin, body.reason());
    }
}
