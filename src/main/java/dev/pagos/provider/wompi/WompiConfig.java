package dev.pagos.provider.wompi;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** pagos.wompi.* (see application.properties for the environment variables behind each). */
@ConfigMapping(prefix = "pagos.wompi")
public interface WompiConfig {

    enum Mode {
        /** The built-in simulator: local mode with no Wompi account. */
        SIMULATOR,
        SANDBOX,
        PRODUCTION
    }

    Mode mode();

    /** pub_test_... / pub_prod_...: goes to the browser with the widget parameters. */
    Optional<String> publicKey();

    /** prv_test_... / prv_prod_...: our API calls. */
    Optional<String> privateKey();

    /** test_events_... / prod_events_...: the events checksum. */
    Optional<String> eventsSecret();

    /** test_integrity_... / prod_integrity_...: the integrity signature of every checkout. */
    Optional<String> integritySecret();

    /** Overrides the API base URL the mode implies (tests point it at their fake). */
    Optional<URI> apiBase();

    /** Overrides the web checkout URL the mode implies. */
    Optional<URI> checkoutUrl();

    /** Where Wompi sends the buyer back, with ?id=<transaction id> appended. */
    String redirectUrl();

    /**
     * How far an event's timestamp may be from our clock, either way (default {@link WompiWebhooks#DEFAULT_TOLERANCE});
     * older or future events are refused (401) and left to the reconciliation job.
     */
    Optional<Duration> eventTolerance();

    /** When set, a checkout can be paid only this long after it was opened (signed into the integrity signature). */
    Optional<Duration> checkoutExpiration();

    /**
     * The longest one Wompi call may take (connecting at most 3 s of it). A mapped property: the configuration
     * mapping refuses unmapped pagos.wompi.* names, so it could not be set before it was declared here.
     */
    @WithDefault("PT8S")
    Duration timeout();

    /** Calls per second toward this Wompi account, across every function instance; 0 or less: no limit. */
    @WithDefault("100")
    double rateLimit();

    /**
     * Open HTTP connections to Wompi per function instance. A call beyond them waits for one to free: keep it at
     * least the renewal worker's parallelism (RENEWALS_WORKER_PARALLELISM), which it is by default.
     */
    @WithDefault("50")
    int connections();
}
