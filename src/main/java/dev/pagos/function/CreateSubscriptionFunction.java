package dev.pagos.function;

import dev.pagos.api.SubscriptionJson;
import dev.pagos.api.SubscriptionRequests;
import dev.pagos.billing.SubscriptionService;
import dev.pagos.http.HttpFunction;
import dev.pagos.http.HttpRequest;
import dev.pagos.http.IdempotentCreates;
import dev.pagos.security.Authenticator;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * POST /subscriptions (202): the signed-in user subscribes a workspace, with a card token made in the browser or the
 * seed's {@code card_details} (tokenized at once and forgotten). The first charge is sent before answering; its
 * outcome arrives by webhook or the billing run, so the answer is usually PENDING: poll GET /subscriptions/{id}.
 * An optional Idempotency-Key header makes a retry get the first answer back.
 */
@Named(Routes.SUBSCRIPTION_CREATE)
public class CreateSubscriptionFunction extends HttpFunction {

    @Inject
    SubscriptionService subscriptions;

    @Inject
    IdempotentCreates idempotentCreates;

    @Override
    protected Reply handle(HttpRequest request) {
        Authenticator.Caller caller = caller(request);
        return idempotentCreates.once(Routes.SUBSCRIPTION_CREATE, Routes.routeKeyOf(Routes.SUBSCRIPTION_CREATE),
                caller.userId(), request, () -> new Reply(202,
                SubscriptionJson.of(subscriptions.subscribe(caller, SubscriptionRequests.subscribe(
                        request.jsonBody(SubscriptionRequests.SubscribeBody.class))))));
    }
}
