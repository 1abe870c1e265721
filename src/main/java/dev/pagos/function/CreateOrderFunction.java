package dev.pagos.function;

import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pagos.api.OrderJson;
import dev.pagos.api.PurchaseRequests;
import dev.pagos.catalog.PurchaseSelection;
import dev.pagos.http.HttpFunction;
import dev.pagos.http.HttpRequest;
import dev.pagos.http.IdempotentCreates;
import dev.pagos.order.OrderService;
import java.util.List;
import java.util.Optional;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * POST /orders: the signed-in buyer orders a product ({"productId": "...", "provider": "paypal"}) or a plan, AI
 * assistants and add-ons ({"provider": "wompi", "plan": "business", "freeAssistant": "ventas", "paidAssistants":
 * [2], "addons": [{"id": "bot", "quantity": 2}], "period": "annual", "workspaceId": "..."}). An optional
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
    record CreateOrderRequest(String productId, String provider, String plan, JsonNode freeAssistant,
            List<JsonNode> paidAssistants, List<PurchaseRequests.AddonRequest> addons, String period, String workspaceId,
            TopUpRequest topUp) {
    }

    /** A wallet top-up: {"topUp": {"amount": 5000, "currency": "USD"}, "provider": "paypal"}. */
    @RegisterForReflection
    record TopUpRequest(Long amount, String currency) {
    }

    @Override
    protected Reply handle(HttpRequest request) {
        String buyer = caller(request).userId();
        return idempotentCreates.once(Routes.ORDER_CREATE, Routes.routeKeyOf(Routes.ORDER_CREATE), buyer, request,
                () -> placeOrder(buyer, request));
    }

    private Reply placeOrder(String buyer, HttpRequest request) {
        CreateOrderRequest body = request.jsonBody(CreateOrderRequest.class);
        String provider = body.provider() == null ? DEFAULT_PROVIDER : body.provider();
        if (body.topUp() != null) {
            if (body.productId() != null || body.plan() != null || body.workspaceId() != null) {
                throw new PagosException(ErrorCode.INVALID_REQUEST, "A top-up is an order of its own: no productId or plan");
            }
            return Reply.created(OrderJson.of(orders.placeTopUp(buyer, body.topUp().amount() == null ? 0
                    : body.topUp().amount(), body.topUp().currency(), provider)));
        }
        Optional<PurchaseSelection> selection = PurchaseRequests.selection(body.plan(), body.freeAssistant(), body.paidAssistants(),
                body.addons(), body.period());
        if (!selection.isEmpty() || body.workspaceId() != null) {
            if (body.productId() != null) {
                throw new PagosException(ErrorCode.INVALID_REQUEST, "Order a productId or a plan/assistants/add-ons, not both");
            }
            return Reply.created(OrderJson.of(orders.placePurchase(buyer, selection.get(),
                    PurchaseRequests.workspaceId(body.workspaceId()), provider)));
        }
        if (body.productId() == null || body.productId().isBlank() || body.productId().length() > 100) {
            throw new PagosException(ErrorCode.INVALID_REQUEST, "productId is required (at most 100 characters)");
        }
        return Reply.created(OrderJson.of(orders.placeOrder(buyer, body.productId(), provider)));
    }
}
