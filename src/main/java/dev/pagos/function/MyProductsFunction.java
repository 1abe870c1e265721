package dev.pagos.function;

import dev.pagos.order.OrderService;
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
                .map(owned -> Map.of(
                        "acquisitionId", owned.acquisition().id.toString(),
                        "orderId", owned.acquisition().orderId.toString(),
                        "productId", owned.product().id,
                        "productName", owned.product().name,
                        "acquiredAt", owned.acquisition().grantedAt.toString()))
                .toList()));
    }
}
