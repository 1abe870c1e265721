package dev.pagos.function;

import dev.pagos.catalog.PurchaseCatalog;
import dev.pagos.http.HttpFunction;
import dev.pagos.http.HttpRequest;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Map;

/**
 * GET /plans, GET /assistants, GET /addons: the SaaS offer, public. One function for the three reads (they are
 * the same query); each route answers its own list. Prices are USD cents per month.
 */
@Named(Routes.OFFERS_LIST)
public class OffersFunction extends HttpFunction {

    @Inject
    PurchaseCatalog catalog;

    @RegisterForReflection
    record PlanJson(String id, String name, String description, long monthlyPrice, String currency) {
    }

    /** id is the number the backend uses, reference the name the frontend uses; either is accepted in orders. */
    @RegisterForReflection
    record ItemJson(int id, String reference, String name, String description, long monthlyPrice, String currency,
            Boolean takesBotFlow, Integer maxQuantity) {
    }

    @Override
    protected Reply handle(HttpRequest request) {
        PurchaseCatalog.Offers offers = catalog.offers();
        String path = request.routeKey();
        if (path.endsWith("/assistants")) {
            return Reply.ok(Map.of("assistants", offers.assistants().stream()
                    .map(a -> new ItemJson(a.id, a.reference, a.name, a.description, a.priceMinor, a.currency, null, null))
                    .toList()));
        }
        if (path.endsWith("/addons")) {
            return Reply.ok(Map.of("addons", offers.addons().stream()
                    .map(a -> new ItemJson(a.id, a.reference, a.name, a.description, a.priceMinor, a.currency,
                            a.takesBotFlow, a.maxQuantity))
                    .toList()));
        }
        return Reply.ok(Map.of("plans", offers.plans().stream()
                .map(p -> new PlanJson(p.id, p.name, p.description, p.priceMinor, p.currency)).toList()));
    }
}
