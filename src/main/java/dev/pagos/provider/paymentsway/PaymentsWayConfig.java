package dev.pagos.provider.paymentsway;

import io.smallrye.config.ConfigMapping;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** pagos.paymentsway.* (see application.properties for the environment variables behind each). */
@ConfigMapping(prefix = "pagos.paymentsway")
public interface PaymentsWayConfig {

    enum Mode {
        /** The built-in simulator: local mode with no PaymentsWay account. */
        SIMULATOR,
        /** PaymentsWay's test environment, on VePay's host names (merchantpruebas / serviceregisterpruebas). */
        SANDBOX,
        PRODUCTION
    }

    Mode mode();

    /** The merchant's id ({@code merchant_id}; part of every checksum). */
    Optional<String> merchantId();

    /** The payment button's id ({@code form_id}, the "ID" on its card in the console; part of every checksum). */
    Optional<String> formId();

    /** The terminal the button belongs to ({@code terminal_id}; its webhook URL is set in the console). */
    Optional<String> terminalId();

    /** The merchant's API key: the ClientAPI's {@code Authorization} header and the checksum's secret. */
    Optional<String> apiKey();

    /** Overrides the ClientAPI base URL the mode implies (tests point it at their fake). */
    Optional<URI> apiBase();

    /**
     * Overrides the form's action the mode implies, e.g. a white label's production host
     * ({@code https://merchant.coltefinanciera.com.co/cartaspago/redirect}).
     */
    Optional<URI> checkoutUrl();

    /** Where PaymentsWay sends the buyer back ({@code response_url}); {@code ?orderId=<our id>} is appended. */
    String responseUrl();

    /** Where browsers reach our form page ({@code /checkout/paymentsway/{orderId}}): the HTTP API's public URL. */
    String pageBaseUrl();

    /** The longest one ClientAPI call may take (three attempts must fit in a function's 30 s). */
    Optional<Duration> timeout();
}
