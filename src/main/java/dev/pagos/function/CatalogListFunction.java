package dev.pagos.function;

import dev.pagos.catalog.CatalogService;
import dev.pagos.http.HttpFunction;
import dev.pagos.http.HttpRequest;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Map;

/** GET /products: the catalogue, public. */
@Named(Routes.CATALOG_LIST)
public class CatalogListFunction extends HttpFunction {

    @Inject
    CatalogService catalog;

    @Override
    protected Reply handle(HttpRequest request) {
        return Reply.ok(Map.of("products", catalog.listActiveProducts().stream()
                .map(p -> new ProductJson(p.id, p.name, p.description, p.priceMinor, p.currency))
                .toList()));
    }

    /** price is in minor units of currency (1299 USD = 12.99). */
    @RegisterForReflection
    record ProductJson(String id, String name, String description, long price, String currency) {
    }
}
