package dev.pagos.function;

import dev.pagos.api.SubscriptionRequests;
import dev.pagos.billing.SubscriptionService;
import dev.pagos.http.HttpFunction;
import dev.pagos.http.HttpRequest;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** DELETE /subscriptions/{workspaceId}/cancel (204): no further charges; access to the end of the paid period. */
@Named(Routes.SUBSCRIPTION_CANCEL)
public class CancelSubscriptionFunction extends HttpFunction {

    @Inject
    SubscriptionService subscriptions;

    @Override
    protected Reply handle(HttpRequest request) {
        subscriptions.cancel(caller(request), SubscriptionRequests.workspaceId(request.pathParameter("workspaceId")));
        return new Reply(204, null);
    }
}
