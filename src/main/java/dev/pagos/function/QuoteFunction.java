package dev.pagos.function;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pagos.api.PurchaseRequests;
import dev.pagos.catalog.PurchaseCatalog;
import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import dev.pagos.exchange.ExchangeRates;
import dev.pagos.http.HttpFunction;
import dev.pagos.http.HttpRequest;
import dev.pagos.pricing.Pricing;
import dev.pagos.pricing.QuoteMaps;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/**
 * POST /quotes: what a plan, assistants and add-ons would cost, with the breakdown the buyer's summary shows.
 * Public, writes nothing; the order placed afterwards is priced again at that moment's rate.
 */
@Named(Routes.QUOTE)
public class QuoteFunction extends HttpFunction {

    @Inject
    PurchaseCatalog catalog;

    @Inject
    ExchangeRates exchangeRates;

    @RegisterForReflection
    record QuoteRequest(String plan, JsonNode freeAssistant, List<JsonNode> paidAssistants,
            List<PurchaseRequests.AddonRequest> addons, String period) {
    }

    @Override
    protected Reply handle(HttpRequest request) {
        QuoteRequest body = request.jsonBody(QuoteRequest.class);
        var selection = PurchaseRequests.selection(body.plan(), body.freeAssistant(), body.paidAssistants(), body.addons(),
                body.period()).orElseThrow(() -> new PagosException(ErrorCode.EMPTY_PURCHASE,
                        "Choose a plan or at least one assistant"));
        PurchaseCatalog.Purchase purchase = catalog.resolve(selection);
        return Reply.ok(QuoteMaps.of(Pricing.quote(purchase.items(), purchase.period(), exchangeRates.copPerUsd())));
    }
}
