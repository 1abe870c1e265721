package dev.pagos.function;

import dev.pagos.http.HttpFunction;
import dev.pagos.http.HttpRequest;
import dev.pagos.order.OrderService;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Map;

/** GET /me/products: what the signed-in buyer owns. */
@Named(Routes.MY_PRODUCTS)
public class MyProductsFunction extends HttpFunction {

    @Inject
    OrderService orders;

    @Override
    protected Reply handle(HttpRequest request) {
        String buyer = caller(request).userId();
        return Reply.ok(Map.of("products", orders.ownedProducts(buyer).stream()
                .map(owned -> new OwnedProductJson(owned.product().id, owned.product().name,
                        owned.acquisition().id.toString(), owned.acquisition().orderId.toString(),
                        owned.acquisition().grantedAt.toString()))
                .toList()));
    }

    @RegisterForReflection
    record OwnedProductJson(String productId, String productName, String acquisitionId, String orderId, String acquiredAt) {
    }
}
