package dev.pagos.function;

import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import dev.pagos.order.OrderService;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * POST /orders {"productId": "...", "provider": "paypal"}: the signed-in buyer orders a product. An optional
 * Idempotency-Key header makes a retry get the first answer back instead of running again.
 */
@Named(Routes.ORDER_CREATE)
public class CreateOrderFunction extends HttpFunction {

    static final String DEFAULT_PROVIDER = "paypal";

    @Inject
    OrderService orders;

    @Inject
    IdempotentCreates idempotentCreates;

    /** Any "userId" a client sends is ignored: the buyer is the token's subject. */
    @RegisterForReflection
    record CreateOrderRequest(String productId, String provider) {
    }

    @Override
    protected Reply handle(HttpRequest request) {
        String buyer = caller(request).userId();
        return idempotentCreates.once(Routes.ORDER_CREATE, buyer, request, () -> placeOrder(buyer, request));
    }

    private Reply placeOrder(String buyer, HttpRequest request) {
        CreateOrderRequest body = request.jsonBody(CreateOrderRequest.class);
        if (body.productId() == null || body.productId().isBlank() || body.productId().length() > 100) {
            throw new PagosException(ErrorCode.INVALID_REQUEST, "productId is required (at most 100 characters)");
        }
        String provider = body.provider() == null ? DEFAULT_PROVIDER : body.provider();
        return Reply.created(OrderJson.of(orders.placeOrder(buyer, body.productId(), provider)));
    }
}
