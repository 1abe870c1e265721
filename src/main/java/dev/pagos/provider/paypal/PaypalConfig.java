package dev.pagos.provider.paypal;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.util.Optional;

/** pagos.paypal.* (see application.properties for the environment variables behind each). */
@ConfigMapping(prefix = "pagos.paypal")
public interface PaypalConfig {

    enum Mode {
        /** The built-in simulator: local mode with no PayPal account. */
        SIMULATOR,
        SANDBOX,
        LIVE
    }

    Mode mode();

    Optional<String> clientId();

    Optional<String> clientSecret();

    /** The id PayPal gave the webhook subscription; part of every signature. */
    Optional<String> webhookId();

    /** Overrides the API base URL the mode implies (tests point it at their fake). */
    Optional<URI> apiBase();

    /**
     * Local mode and tests only: download webhook certificates from this base instead of the (still
     * allow-listed) *.paypal.com URL. Ignored in production.
     */
    Optional<URI> certDownloadBase();

    @WithDefault("Pagos")
    String brandName();
}
