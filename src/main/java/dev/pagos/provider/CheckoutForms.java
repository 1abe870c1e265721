package dev.pagos.provider;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Providers whose hosted checkout starts with an HTML form POST (PaymentsWay's {@code cartaspago/redirect}): the
 * form a page of ours posts for an order. Nothing is called and nothing is signed: the provider learns of the
 * payment when the buyer posts, and whatever comes back is confirmed through its API.
 */
public interface CheckoutForms {

    ProviderName provider();

    /** The form for this order; the same order gives the same form. */
    Form form(CheckoutRequest request);

    /**
     * @param action where the form posts
     * @param fields the hidden fields, in order (ours: the order id, the amount, the merchant's ids)
     * @param buyerInputs what the buyer types on our page before posting (the provider requires it); never stored by us
     */
    record Form(URI action, Map<String, String> fields, List<Input> buyerInputs) {

        public Form {
            fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
            buyerInputs = List.copyOf(buyerInputs);
        }
    }

    /**
     * One field the buyer fills in. {@code options} (value -> label) makes it a choice; {@code pattern} is an HTML
     * pattern; {@code type} an HTML input type.
     */
    record Input(String name, String label, String type, String autocomplete, String pattern,
            Map<String, String> options) {
    }
}
