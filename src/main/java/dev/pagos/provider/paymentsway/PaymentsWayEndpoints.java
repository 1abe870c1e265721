package dev.pagos.provider.paymentsway;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Where PaymentsWay is for the configured mode: its test environment, its production, or the built-in simulator. */
@ApplicationScoped
public class PaymentsWayEndpoints {

    public static final String SIMULATOR_PATH = "/paymentsway-simulator";
    /** Our page that posts the form; the route of function/Routes. */
    public static final String PAGE_PATH = "/checkout/paymentsway/";
    private static final URI SANDBOX_API = URI.create("https://serviceregisterpruebas.vepay.com.co/ClientAPI");
    private static final URI PRODUCTION_API = URI.create("https://serviceregister.paymentsway.co/ClientAPI");
    private static final URI SANDBOX_CHECKOUT = URI.create("https://merchantpruebas.vepay.com.co/cartaspago/redirect");
    private static final URI PRODUCTION_CHECKOUT = URI.create("https://merchant.paymentsway.co/cartaspago/redirect");

    private final PaymentsWayConfig config;
    private final String publicBaseUrl;

    PaymentsWayEndpoints(PaymentsWayConfig config, @ConfigProperty(name = "pagos.public-base-url") String publicBaseUrl) {
        this.config = config;
        this.publicBaseUrl = publicBaseUrl.replaceAll("/+$", "");
    }

    public URI apiBase() {
        return config.apiBase().orElseGet(() -> switch (config.mode()) {
            case SIMULATOR -> URI.create(publicBaseUrl + SIMULATOR_PATH + "/ClientAPI");
            case SANDBOX -> SANDBOX_API;
            case PRODUCTION -> PRODUCTION_API;
        });
    }

    /** The form's action: PaymentsWay's hosted checkout. */
    public URI checkoutUrl() {
        return config.checkoutUrl().orElseGet(() -> switch (config.mode()) {
            case SIMULATOR -> URI.create(publicBaseUrl + SIMULATOR_PATH + "/cartaspago/redirect");
            case SANDBOX -> SANDBOX_CHECKOUT;
            case PRODUCTION -> PRODUCTION_CHECKOUT;
        });
    }

    /** The link (and QR code) of an order's checkout: our page, which posts the form. */
    public String pageOf(UUID orderId) {
        return config.pageBaseUrl().replaceAll("/+$", "") + PAGE_PATH + orderId;
    }

    public URI webhookUrl() {
        return URI.create(publicBaseUrl + "/webhooks/paymentsway");
    }
}
