package dev.pagos.function;

import dev.pagos.api.SubscriptionJson;
import dev.pagos.api.SubscriptionRequests;
import dev.pagos.billing.SubscriptionService;
import dev.pagos.http.HttpFunction;
import dev.pagos.http.HttpRequest;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** GET /subscriptions/{workspaceId}: what the seed's 5 s polling reads, for the owner or an admin; anyone else 404. */
@Named(Routes.SUBSCRIPTION_GET)
public class GetSubscriptionFunction extends HttpFunction {

    @Inject
    SubscriptionService subscriptions;

    @Override
    protected Reply handle(HttpRequest request) {
        return Reply.ok(SubscriptionJson.of(subscriptions.ofWorkspace(caller(request),
                SubscriptionRequests.workspaceId(request.pathParameter("workspaceId")))));
    }
}
