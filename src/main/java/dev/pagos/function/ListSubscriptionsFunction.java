package dev.pagos.function;

import dev.pagos.api.SubscriptionJson;
import dev.pagos.billing.SubscriptionService;
import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import dev.pagos.http.HttpFunction;
import dev.pagos.http.HttpRequest;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** GET /subscriptions?page=1&limit=10: admins only; oldest first (stable), limit capped at 100. */
@Named(Routes.SUBSCRIPTION_LIST)
public class ListSubscriptionsFunction extends HttpFunction {

    @Inject
    SubscriptionService subscriptions;

    @Override
    protected Reply handle(HttpRequest request) {
        SubscriptionService.Page page = subscriptions.list(caller(request), number(request, "page", 1),
                number(request, "limit", 10));
        return Reply.ok(SubscriptionJson.page(page.subscriptions(), page.page(), page.limit(), page.total()));
    }

    private static int number(HttpRequest request, String name, int otherwise) {
        String value = request.queryParameter(name);
        if (value == null || value.isEmpty()) {
            return otherwise;
        }
        if (!value.matches("\\d{1,6}") || Integer.parseInt(value) < 1) {
            throw new PagosException(ErrorCode.INVALID_REQUEST, name + " is a whole number from 1");
        }
        return Integer.parseInt(value);
    }
}
