package dev.pagos.provider.wompi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagos.money.Money;
import dev.pagos.provider.Checkout;
import dev.pagos.provider.CheckoutRequest;
import dev.pagos.provider.ConfirmedPayment;
import dev.pagos.provider.HostedCheckout;
import dev.pagos.provider.ProviderName;
import dev.pagos.provider.ProviderRejectedException;
import dev.pagos.provider.ProviderRetry;
import dev.pagos.provider.ProviderRetry.TransientFailure;
import dev.pagos.text.Truncate;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Wompi's widget and web checkout. Opening a checkout calls nothing: Wompi learns of the payment when the buyer
 * pays, so the checkout is the parameters the widget needs, signed with the integrity secret on our server, and
 * the same parameters as a web checkout link. The reference is our order id and nothing else. A payment is
 * confirmed by reading the transaction from Wompi's API.
 */
@ApplicationScoped
public class WompiCheckoutProvider implements HostedCheckout {

    static final String CURRENCY = "COP";

    private final WompiConfig config;
    private final WompiEndpoints endpoints;
    private final ObjectMapper json;
    private final Clock clock;
    private final ProviderRetry.Policy retry;
    private final WompiApi api;

    WompiCheckoutProvider(WompiConfig config, WompiEndpoints endpoints, ObjectMapper json, Clock clock,
            @ConfigProperty(name = "pagos.provider.retry.max-attempts") int maxAttempts,
            @ConfigProperty(name = "pagos.provider.retry.initial-backoff") Duration initialBackoff,
            @ConfigProperty(name = "pagos.wompi.timeout", defaultValue = "PT8S") Duration timeout) {
        this.config = config;
        this.endpoints = endpoints;
        this.json = json;
        this.clock = clock;
        this.retry = new ProviderRetry.Policy(maxAttempts, initialBackoff);
        this.api = QuarkusRestClientBuilder.newBuilder()
                .baseUri(endpoints.apiBase())
                .connectTimeout(Math.min(timeout.toMillis(), 3000), TimeUnit.MILLISECONDS)
                .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .property("microprofile.rest.client.disable.default.mapper", true)
                .build(WompiApi.class);
    }

    @Override
    public ProviderName provider() {
        return ProviderName.WOMPI;
    }

    @Override
    public boolean accepts(String currency) {
        return CURRENCY.equals(currency);
    }

    @Override
    public Checkout open(CheckoutRequest request) {
        Money amount = request.amount();
        if (!CURRENCY.equals(amount.currency())) {
            throw new ProviderRejectedException("CURRENCY_NOT_SUPPORTED", "Wompi is paid in COP, not " + amount.currency());
        }
        String reference = request.orderId().toString();
        String expiration = config.checkoutExpiration()
                .map(lifetime -> clock.instant().plus(lifetime).truncatedTo(ChronoUnit.MILLIS).toString())
                .orElse(null);
        // The names are the web checkout's query parameters; the widget takes the same ones as data-* attributes.
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("public-key", required(config.publicKey(), "WOMPI_PUBLIC_KEY"));
        parameters.put("currency", CURRENCY);
        parameters.put("amount-in-cents", Long.toString(amount.minorUnits()));
        parameters.put("reference", reference);
        parameters.put("signature:integrity", WompiSignatures.integrity(reference, amount.minorUnits(), CURRENCY,
                expiration, required(config.integritySecret(), "WOMPI_INTEGRITY_SECRET")));
        parameters.put("redirect-url", config.redirectUrl());
        if (expiration != null) {
            parameters.put("expiration-time", expiration);
        }
        String link = endpoints.checkoutUrl() + "?" + parameters.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return new Checkout.Widget(parameters, link);
    }

    @Override
    public ConfirmedPayment lookup(String transactionId) {
        JsonNode transaction = ProviderRetry.call("Wompi get transaction " + transactionId, retry,
                () -> readTransaction(transactionId));
        if (!transactionId.equals(transaction.path("id").asText())) {
            throw new ProviderRejectedException("WRONG_TRANSACTION", "Wompi answered with another transaction");
        }
        String rawStatus = transaction.path("status").asText();
        WompiMapping.TransactionStatus status;
        try {
            status = WompiMapping.TransactionStatus.valueOf(rawStatus);
        } catch (IllegalArgumentException e) {
            throw new ProviderRejectedException("UNKNOWN_STATUS", "Wompi transaction " + transactionId + " has status '"
                    + Truncate.toLength(rawStatus, 40) + "', which Pagos does not know");
        }
        return new ConfirmedPayment(WompiMapping.stageOf(status), transaction.path("reference").asText(null),
                moneyOf(transaction), null, "transaction " + status);
    }

    private JsonNode readTransaction(String transactionId) {
        String bearer = "Bearer " + required(config.privateKey(), "WOMPI_PRIVATE_KEY");
        try (Response response = api.transaction(bearer, transactionId)) {
            String text = response.hasEntity() ? response.readEntity(String.class) : "";
            int status = response.getStatus();
            if (status == 429 || status >= 500) {
                throw new TransientFailure("Wompi answered " + status, null);
            }
            JsonNode body = text.isBlank() ? json.createObjectNode() : json.readTree(text);
            if (status != 200) {
                throw new ProviderRejectedException(body.path("error").path("type").asText("HTTP_" + status),
                        "Wompi answered " + status + " for transaction " + transactionId);
            }
            return body.path("data");
        } catch (ProcessingException e) {
            throw new TransientFailure("Wompi unreachable or its answer unreadable: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new TransientFailure("Wompi's answer is not JSON", e);
        }
    }

    /** An amount we cannot read is no amount: it will not match the order's, so nothing is granted. */
    private static Money moneyOf(JsonNode transaction) {
        JsonNode cents = transaction.path("amount_in_cents");
        String currency = transaction.path("currency").asText("");
        if (!cents.canConvertToExactIntegral() || !currency.matches("[A-Z]{3}") || cents.asLong() < 0) {
            return null;
        }
        return Money.of(cents.asLong(), currency);
    }

    private String required(java.util.Optional<String> value, String variable) {
        return value.filter(v -> !v.isBlank()).orElseThrow(() ->
                new IllegalStateException(variable + " must be set for Wompi mode " + config.mode()));
    }
}
