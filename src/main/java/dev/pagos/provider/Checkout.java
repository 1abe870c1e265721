package dev.pagos.provider;

import java.util.Map;

/** A checkout opened at a provider: what the buyer's browser needs to pay. */
public sealed interface Checkout permits Checkout.Redirect, Checkout.Widget, Checkout.FormPage {

    /** The page where the buyer pays; what the QR code holds. */
    String link();

    /** The provider's id for the payment when opening the checkout already made one; null otherwise. */
    String providerPaymentId();

    /** The provider made a payment object and the buyer approves it on the provider's page (PayPal). */
    record Redirect(String providerPaymentId, String link) implements Checkout {
    }

    /**
     * Nothing exists at the provider until the buyer pays: the browser opens the provider's widget with these
     * parameters (signed on our server), or the web checkout at {@code link} (Wompi).
     */
    record Widget(Map<String, String> parameters, String link) implements Checkout {

        public Widget {
            parameters = Map.copyOf(parameters);
        }

        @Override
        public String providerPaymentId() {
            return null;
        }
    }

    /**
     * Nothing exists at the provider until the buyer pays, and the provider's checkout starts with a form POST, which
     * a link or a QR code cannot carry: {@code link} opens a page of ours that posts the form (PaymentsWay). The form
     * itself comes from {@link CheckoutForms}.
     */
    record FormPage(String link) implements Checkout {

        @Override
        public String providerPaymentId() {
            return null;
        }
    }
}
