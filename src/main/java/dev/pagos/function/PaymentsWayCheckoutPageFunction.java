package dev.pagos.function;

import dev.pagos.api.CheckoutFormPage;
import dev.pagos.http.HttpFunction;
import dev.pagos.http.HttpRequest;
import dev.pagos.order.OrderService;
import dev.pagos.provider.CheckoutForms;
import dev.pagos.provider.CheckoutRequest;
import dev.pagos.provider.PaymentProviders;
import dev.pagos.provider.ProviderName;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * GET /checkout/paymentsway/{orderId}: the page a PaymentsWay checkout link and its QR code open. PaymentsWay's
 * checkout starts with a form POST, which a link cannot carry: this page posts it, with our order id and the
 * order's amount as the database has them (nothing is taken from the URL but the order id). Public, like the
 * provider's own checkout links: the order id is the capability. An order that cannot be paid gets a 404 page.
 */
@Named(Routes.PAYMENTSWAY_CHECKOUT_PAGE)
public class PaymentsWayCheckoutPageFunction extends HttpFunction {

    @Inject
    OrderService orders;

    @Inject
    PaymentProviders providers;

    @Override
    protected Reply handle(HttpRequest request) {
        Optional<CheckoutForms> forms = providers.form(ProviderName.PAYMENTSWAY);
        Optional<CheckoutRequest> checkout = forms.isEmpty() ? Optional.empty()
                : uuid(request.pathParameter("orderId")).flatMap(id -> orders.payableCheckout(id, ProviderName.PAYMENTSWAY));
        if (checkout.isEmpty()) {
            return Reply.html(404, CheckoutFormPage.unavailable(), Map.of("cache-control", "no-store"));
        }
        CheckoutForms.Form form = forms.get().form(checkout.get());
        return Reply.html(200, CheckoutFormPage.render("PaymentsWay", checkout.get().description(),
                checkout.get().amount(), form), CheckoutFormPage.headers(form.action()));
    }

    private static Optional<UUID> uuid(String text) {
        try {
            return text == null ? Optional.empty() : Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
