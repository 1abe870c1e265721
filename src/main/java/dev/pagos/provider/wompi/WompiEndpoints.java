package dev.pagos.provider.wompi;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Where Wompi is for the configured mode: its sandbox, its production, or the built-in simulator. */
@ApplicationScoped
public class WompiEndpoints {

    public static final String SIMULATOR_PATH = "/wompi-simulator";
    private static final URI SANDBOX = URI.create("https://sandbox.wompi.co/v1");
    private static final URI PRODUCTION = URI.create("https://production.wompi.co/v1");
    private static final URI CHECKOUT = URI.create("https://checkout.wompi.co/p/");

    private final WompiConfig config;
    private final String publicBaseUrl;

    WompiEndpoints(WompiConfig config, @ConfigProperty(name = "pagos.public-base-url") String publicBaseUrl) {
        this.config = config;
        this.publicBaseUrl = publicBaseUrl.replaceAll("/+$", "");
    }

    public URI apiBase() {
        return config.apiBase().orElseGet(() -> switch (config.mode()) {
            case SIMULATOR -> URI.create(publicBaseUrl + SIMULATOR_PATH + "/v1");
            case SANDBOX -> SANDBOX;
            case PRODUCTION -> PRODUCTION;
        });
    }

    public URI checkoutUrl() {
        return config.checkoutUrl().orElseGet(() -> config.mode() == WompiConfig.Mode.SIMULATOR
                ? URI.create(publicBaseUrl + SIMULATOR_PATH + "/p/")
                : CHECKOUT);
    }

    public URI webhookUrl() {
        return URI.create(publicBaseUrl + "/webhooks/wompi");
    }
}
