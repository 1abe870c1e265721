package dev.pagos.provider.paypal;

import io.quarkus.runtime.LaunchMode;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Where PayPal is for the configured mode. */
@ApplicationScoped
public class PaypalEndpoints {

    public static final String SIMULATOR_PATH = "/paypal-sim";
    private static final URI SANDBOX = URI.create("https://api-m.sandbox.paypal.com");
    private static final URI LIVE = URI.create("https://api-m.paypal.com");

    private final PaypalConfig config;
    private final URI simulatorBase;

    PaypalEndpoints(PaypalConfig config, @ConfigProperty(name = "pagos.public-base-url") URI publicBase) {
        this.config = config;
        this.simulatorBase = URI.create(publicBase.toString().replaceAll("/+$", "") + SIMULATOR_PATH);
    }

    public URI apiBase() {
        return config.apiBase().orElseGet(() -> switch (config.mode()) {
            case SIMULATOR -> simulatorBase;
            case SANDBOX -> SANDBOX;
            case LIVE -> LIVE;
        });
    }

    public URI simulatorBase() {
        return simulatorBase;
    }

    /**
     * Where webhook certificates are downloaded from instead of their *.paypal.com URL: the simulator or a
     * test's fake. A production build never redirects certificate downloads, whatever is configured.
     */
    Optional<URI> certificateDownloadOverride() {
        if (LaunchMode.current() == LaunchMode.NORMAL) {
            return Optional.empty();
        }
        return config.certDownloadBase().or(() -> config.mode() == PaypalConfig.Mode.SIMULATOR
                ? Optional.of(simulatorBase)
                : Optional.empty());
    }
}
