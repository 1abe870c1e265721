package dev.pagos.function;

import dev.pagos.api.SubscriptionJson;
import dev.pagos.api.SubscriptionRequests;
import dev.pagos.billing.PaymentChoice;
import dev.pagos.billing.Subscription;
import dev.pagos.billing.SubscriptionService;
import dev.pagos.http.HttpFunction;
import dev.pagos.http.HttpRequest;
import dev.pagos.security.Authenticator;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * PATCH /subscriptions/{workspaceId}: plan, assistants, add-ons (from the next period, at its price) and email (at
 * once); a card or payment_method given here too changes how it pays. PATCH /subscriptions/{workspaceId}/payment: a
 * new card (card_token or card_details) and/or a payment_method ("card", "wallet", "wallet_then_card"); the
 * subscription is kept.
 */
@Named(Routes.SUBSCRIPTION_UPDATE)
public class UpdateSubscriptionFunction extends HttpFunction {

    @Inject
    SubscriptionService subscriptions;

    @Override
    protected Reply handle(HttpRequest request) {
        Authenticator.Caller caller = caller(request);
        String workspaceId = SubscriptionRequests.workspaceId(request.pathParameter("workspaceId"));
        SubscriptionRequests.UpdateBody body = request.jsonBody(SubscriptionRequests.UpdateBody.class);
        SubscriptionService.PaymentMethod payment = SubscriptionRequests.paymentIfAny(body.card_token(), body.card_details());
        PaymentChoice choice = PaymentChoice.of(body.payment_method());
        Subscription result;
        if (request.routeKey().endsWith("/payment")) {
            result = subscriptions.changePayment(caller, workspaceId, payment, choice);
        } else {
            SubscriptionService.Change change = SubscriptionRequests.change(body);
            result = subscriptions.change(caller, workspaceId, change);
            if (payment != null || choice != null) {
                result = subscriptions.changePayment(caller, workspaceId, payment, choice);
            }
        }
        return Reply.ok(SubscriptionJson.of(result));
    }
}
