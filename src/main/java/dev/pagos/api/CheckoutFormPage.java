package dev.pagos.api;

import dev.pagos.money.Money;
import dev.pagos.provider.CheckoutForms;
import java.net.URI;
import java.util.Map;

/**
 * The small page a checkout link (and its QR code) opens for providers whose checkout starts with a form POST
 * (PaymentsWay): it shows what is being paid, asks the buyer for what the provider requires, and posts the form to
 * the provider. No script: the buyer presses the button. What the buyer types goes to the provider, not to us.
 */
public final class CheckoutFormPage {

    private CheckoutFormPage() {
    }

    /** The page's headers: never cached, never framed, and its form may post only to the provider. */
    public static Map<String, String> headers(URI action) {
        String origin = action.getScheme() + "://" + action.getRawAuthority();
        return Map.of(
                "cache-control", "no-store",
                "content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; form-action " + origin
                        + "; frame-ancestors 'none'; base-uri 'none'",
                "referrer-policy", "no-referrer",
                "x-content-type-options", "nosniff");
    }

    public static String render(String providerTitle, String description, Money amount, CheckoutForms.Form form) {
        StringBuilder fields = new StringBuilder();
        form.fields().forEach((name, value) -> fields.append("<input type=hidden name=\"").append(escape(name))
                .append("\" value=\"").append(escape(value)).append("\">\n"));
        StringBuilder inputs = new StringBuilder();
        for (CheckoutForms.Input input : form.buyerInputs()) {
            inputs.append("<label>").append(escape(input.label())).append("\n");
            if (input.options() != null) {
                inputs.append("<select name=\"").append(escape(input.name())).append("\" required>");
                input.options().forEach((value, label) -> inputs.append("<option value=\"").append(escape(value))
                        .append("\">").append(escape(label)).append("</option>"));
                inputs.append("</select>");
            } else {
                inputs.append("<input name=\"").append(escape(input.name())).append("\" type=\"").append(escape(input.type()))
                        .append("\" required");
                if (input.autocomplete() != null) {
                    inputs.append(" autocomplete=\"").append(escape(input.autocomplete())).append("\"");
                }
                if (input.pattern() != null) {
                    inputs.append(" pattern=\"").append(escape(input.pattern())).append("\"");
                }
                inputs.append(">");
            }
            inputs.append("</label>\n");
        }
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Pay with %1$s</title>
                <style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:1rem auto;padding:0 1rem}
                label{display:block;margin:.6rem 0}input,select{display:block;width:100%%;min-height:44px;font-size:1rem;box-sizing:border-box}
                button{min-height:44px;min-width:44px;font-size:1rem;margin-top:1rem;padding:0 1.2rem}</style></head>
                <body><main><h1>Pay with %1$s</h1>
                <p>%2$s: <strong>%3$s</strong></p>
                <p>%1$s asks for these details; they go to %1$s with your payment.</p>
                <form method="post" action="%4$s">
                %5$s%6$s<button type="submit">Continue to %1$s</button>
                </form></main></body></html>
                """.formatted(escape(providerTitle), escape(description), escape(amount.display()),
                escape(form.action().toString()), fields, inputs);
    }

    /** Shown instead of the form when the order cannot be paid (unknown, paid, cancelled, expired). */
    public static String unavailable() {
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Checkout not available</title></head>
                <body><main><h1>This checkout is not available</h1>
                <p>It was paid, cancelled or has expired, or the link is wrong. The page where you ordered shows how it stands.</p>
                </main></body></html>
                """;
    }

    private static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;").replace("'", "&#39;");
    }
}
