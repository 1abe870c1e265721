package dev.pagos.function;

import dev.pagos.catalog.CatalogService;
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
                .map(p -> Map.of("id", p.id, "name", p.name, "description", p.description,
                        "price", p.priceMinor, "currency", p.currency))
                .toList()));
    }
}
