package dev.pagos.provider.wompi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagos.money.Money;
import dev.pagos.provider.Checkout;
import dev.pagos.provider.CheckoutRequest;
import dev.pagos.provider.ConfirmedPayment;
import dev.pagos.provider.HostedCheckout;
import dev.pagos.provider.PaymentsByReference;
import dev.pagos.provider.ProviderName;
import dev.pagos.provider.ProviderRejectedException;
import dev.pagos.provider.ProviderRetry;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Wompi's widget and web checkout. Opening a checkout calls nothing: Wompi learns of the payment when the buyer
 * pays, so the checkout is the parameters the widget needs, signed with the integrity secret on our server, and
 * the same parameters as a web checkout link. The reference is our order id and nothing else. A payment is
 * confirmed by reading the transaction from Wompi's API.
 */
@ApplicationScoped
public class WompiCheckoutProvider implements HostedCheckout, PaymentsByReference {

    static final String CURRENCY = "COP";

    private final WompiConfig config;
    private final WompiEndpoints endpoints;
    private final ObjectMapper json;
    private final Clock clock;
    private final ProviderRetry.Policy retry;
    private final WompiApi api;

    WompiCheckoutProvider(WompiConfig config, WompiEndpoints endpoints, ObjectMapper json, Clock clock,
            @ConfigProperty(name = "pagos.provider.retry.max-attempts") int maxAttempts,
            @ConfigProperty(name = "pagos.provider.retry.initial-backoff") Duration initialBackoff, WompiApi api) {
        this.config = config;
        this.endpoints = endpoints;
        this.json = json;
        this.clock = clock;
        this.retry = new ProviderRetry.Policy(maxAttempts, initialBackoff);
        this.api = api;
    }

    @Override
    public ProviderName provider() {
        return ProviderName.WOMPI;
    }

    /** A deployment without Wompi keys (template.yaml's WompiSecretArn left empty) does not offer Wompi. */
    @Override
    public boolean configured() {
        return config.mode() == WompiConfig.Mode.SIMULATOR || (present(config.publicKey()) && present(config.privateKey())
                && present(config.integritySecret()));
    }

    private static boolean present(Optional<String> value) {
        return value.filter(v -> !v.isBlank()).isPresent();
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
        parameters.put("public-key", WompiReplies.required(config, config.publicKey(), "WOMPI_PUBLIC_KEY"));
        parameters.put("currency", CURRENCY);
        parameters.put("amount-in-cents", Long.toString(amount.minorUnits()));
        parameters.put("reference", reference);
        parameters.put("signature:integrity", WompiSignatures.integrity(reference, amount.minorUnits(), CURRENCY,
                expiration, WompiReplies.required(config, config.integritySecret(), "WOMPI_INTEGRITY_SECRET")));
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
        return confirmedFrom(transaction);
    }

    private static ConfirmedPayment confirmedFrom(JsonNode transaction) {
        WompiMapping.TransactionStatus status = WompiReplies.statusOf(transaction);
        return new ConfirmedPayment(WompiMapping.stageOf(status), transaction.path("reference").asText(null),
                WompiReplies.moneyOf(transaction), null, "transaction " + status);
    }

    /**
     * GET /transactions?reference= with the private key: how the reconciliation job finds a payment whose event and
     * redirect were both lost. Only transactions that carry exactly our reference count, whatever the filter returned;
     * a buyer who was declined and then paid has two, and the paid one decides ({@link WompiMapping#precedence}).
     */
    @Override
    public Optional<Found> findByReference(String reference) {
        JsonNode data = ProviderRetry.call("Wompi transactions of reference " + reference, retry,
                () -> readTransactions(reference));
        List<JsonNode> candidates = new ArrayList<>();
        for (JsonNode transaction : data.isArray() ? data : json.createArrayNode().add(data)) {
            if (reference.equals(transaction.path("reference").asText()) && !transaction.path("id").asText().isEmpty()) {
                candidates.add(transaction);
            }
        }
        return candidates.stream()
                .min(Comparator.comparingInt((JsonNode t) -> WompiMapping.precedence(WompiReplies.statusOf(t)))
                        .thenComparing(t -> t.path("created_at").asText(""), Comparator.reverseOrder()))
                .map(t -> new Found(t.path("id").asText(), confirmedFrom(t)));
    }

    private JsonNode readTransactions(String reference) {
        return WompiReplies.data(json, "transactions of reference " + reference,
                () -> api.transactionsByReference(privateBearer(), reference));
    }

    private JsonNode readTransaction(String transactionId) {
        return WompiReplies.data(json, "transaction " + transactionId, () -> api.transaction(privateBearer(), transactionId));
    }

    private String privateBearer() {
        return "Bearer " + WompiReplies.required(config, config.privateKey(), "WOMPI_PRIVATE_KEY");
    }
}
