package dev.pagos.function;

import dev.pagos.api.OrderJson;
import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import dev.pagos.http.HttpFunction;
import dev.pagos.http.HttpRequest;
import dev.pagos.order.OrderPayments;
import dev.pagos.order.OrderService;
import dev.pagos.provider.PaymentProviders;
import dev.pagos.text.Identifiers;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * GET /payments/{provider}/{paymentId}: the buyer is back from the provider's page (Wompi appends ?id= to the
 * redirect) and the page asks how the payment went. The payment is read from the provider, never taken from the
 * redirect; the buyer's order moves forward only as the provider's record allows, and the answer is the order.
 */
@Named(Routes.PAYMENT_CONFIRM)
public class ConfirmPaymentFunction extends HttpFunction {

    @Inject
    OrderPayments payments;

    @Inject
    OrderService orders;

    @Inject
    PaymentProviders providers;

    @Override
    protected Reply handle(HttpRequest request) {
        String buyer = caller(request).userId();
        var provider = providers.named(request.pathParameter("provider"));
        String paymentId = request.pathParameter("paymentId");
        if (!Identifiers.isUsable(paymentId) || paymentId.length() > 100) {
            throw new PagosException(ErrorCode.INVALID_REQUEST, "paymentId is at most 100 characters");
        }
        var order = payments.confirmReturn(provider, paymentId, buyer);
        return Reply.ok(OrderJson.of(orders.buyersOrder(buyer, order.id)));
    }
}
