package dev.pagos.provider.wompi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pagos.money.Money;
import dev.pagos.provider.CardDetails;
import dev.pagos.provider.ProviderName;
import dev.pagos.provider.ProviderRejectedException;
import dev.pagos.provider.ProviderRetry;
import dev.pagos.provider.ProviderRetry.TransientFailure;
import dev.pagos.provider.TokenCharges;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Wompi's recurring charges: the merchant's acceptance tokens, card tokens (public key), payment sources and
 * transactions with a payment source ({@code recurrent: true}, private key). The reference of a transaction is
 * our charge's and Wompi accepts it once, which is what makes a retried charge the same charge; an answer lost on
 * the way is found again by that reference. Card data goes to Wompi in one request and nowhere else: no message
 * built here holds it or echoes Wompi's answer to it.
 */
@ApplicationScoped
public class WompiTokenCharges implements TokenCharges {

    private final WompiConfig config;
    private final ObjectMapper json;
    private final ProviderRetry.Policy retry;
    private final WompiApi api;

    WompiTokenCharges(WompiConfig config, ObjectMapper json,
            @ConfigProperty(name = "pagos.provider.retry.max-attempts") int maxAttempts,
            @ConfigProperty(name = "pagos.provider.retry.initial-backoff") Duration initialBackoff, WompiApi api) {
        this.config = config;
        this.json = json;
        this.retry = new ProviderRetry.Policy(maxAttempts, initialBackoff);
        this.api = api;
    }

    @Override
    public ProviderName provider() {
        return ProviderName.WOMPI;
    }

    @Override
    public Acceptance acceptance() {
        JsonNode merchant = ProviderRetry.call("Wompi merchant acceptance", retry,
                () -> data("merchant", () -> api.merchant(publicKey())));
        String terms = merchant.path("presigned_acceptance").path("acceptance_token").asText("");
        String personal = merchant.path("presigned_personal_data_auth").path("acceptance_token").asText("");
        if (terms.isBlank()) {
            throw new ProviderRejectedException("NO_ACCEPTANCE_TOKEN", "Wompi's merchant answer has no acceptance token");
        }
        return new Acceptance(terms, personal.isBlank() ? null : personal);
    }

    @Override
    public String tokenize(CardDetails card) {
        ObjectNode body = json.createObjectNode()
                .put("number", card.number())
                .put("cvc", card.cvc())
                .put("exp_month", card.expMonth())
                .put("exp_year", card.expYear())
                .put("card_holder", card.holder());
        String request = body.toString();
        // Not retried on a lost answer: a token is single-use and cheap; the caller asks again.
        JsonNode token;
        try {
            token = data("card token", () -> api.tokenizeCard("Bearer " + publicKey(), request));
        } catch (TransientFailure e) {
            throw new dev.pagos.provider.ProviderUnavailableException("Wompi did not tokenize the card", null);
        }
        String id = token.path("id").asText("");
        if (id.isBlank()) {
            throw new ProviderRejectedException("NO_TOKEN", "Wompi's card token answer has no id");
        }
        return id;
    }

    @Override
    public String createPaymentSource(String cardToken, String customerEmail, Acceptance acceptance) {
        ObjectNode body = json.createObjectNode()
                .put("type", "CARD")
                .put("token", cardToken)
                .put("customer_email", customerEmail)
                .put("acceptance_token", acceptance.acceptanceToken());
        if (acceptance.personalDataToken() != null) {
            body.put("accept_personal_auth", acceptance.personalDataToken());
        }
        String request = body.toString();
        JsonNode source = ProviderRetry.call("Wompi payment source", retry,
                () -> data("payment source", () -> api.createPaymentSource(privateBearer(), request)));
        String id = source.path("id").asText("");
        if (id.isBlank()) {
            throw new ProviderRejectedException("NO_PAYMENT_SOURCE", "Wompi's payment source answer has no id");
        }
        return id;
    }

    @Override
    public ChargeResult charge(ChargeRequest charge) {
        Money amount = charge.amount();
        if (!WompiCheckoutProvider.CURRENCY.equals(amount.currency())) {
            throw new ProviderRejectedException("CURRENCY_NOT_SUPPORTED", "Wompi is paid in COP, not " + amount.currency());
        }
        ObjectNode body = json.createObjectNode()
                .put("amount_in_cents", amount.minorUnits())
                .put("currency", amount.currency())
                .put("signature", WompiSignatures.integrity(charge.reference(), amount.minorUnits(), amount.currency(),
                        null, WompiReplies.required(config, config.integritySecret(), "WOMPI_INTEGRITY_SECRET")))
                .put("customer_email", charge.customerEmail())
                .put("reference", charge.reference())
                .put("recurrent", true);
        // Wompi's payment source ids are numbers.
        if (charge.paymentSourceId().matches("\\d{1,18}")) {
            body.put("payment_source_id", Long.parseLong(charge.paymentSourceId()));
        } else {
            body.put("payment_source_id", charge.paymentSourceId());
        }
        body.putObject("payment_method").put("installments", 1);
        String request = body.toString();
        try {
            return resultOf(ProviderRetry.call("Wompi charge " + charge.reference(), retry,
                    () -> data("transaction", () -> api.createTransaction(privateBearer(), request))));
        } catch (ProviderRejectedException e) {
            // A retry whose first attempt did reach Wompi is refused as a repeated reference: that charge is the answer.
            Optional<ChargeResult> earlier = findByReference(charge.reference());
            if (earlier.isPresent()) {
                return earlier.get();
            }
            throw e;
        }
    }

    @Override
    public ChargeResult lookup(String transactionId) {
        ChargeResult result = resultOf(ProviderRetry.call("Wompi get transaction " + transactionId, retry,
                () -> data("transaction", () -> api.transaction(privateBearer(), transactionId))));
        if (!transactionId.equals(result.providerPaymentId())) {
            throw new ProviderRejectedException("WRONG_TRANSACTION", "Wompi answered with another transaction");
        }
        return result;
    }

    @Override
    public Optional<ChargeResult> findByReference(String reference) {
        JsonNode found = ProviderRetry.call("Wompi find transaction " + reference, retry,
                () -> data("transactions", () -> api.transactionsByReference(privateBearer(), reference)));
        for (JsonNode transaction : found) {
            if (reference.equals(transaction.path("reference").asText())) {
                return Optional.of(resultOf(transaction));
            }
        }
        return Optional.empty();
    }

    private ChargeResult resultOf(JsonNode transaction) {
        WompiMapping.TransactionStatus status = WompiReplies.statusOf(transaction);
        return new ChargeResult(transaction.path("id").asText(null), WompiMapping.outcomeOf(status),
                transaction.path("reference").asText(null), WompiReplies.moneyOf(transaction), status.name());
    }

    private JsonNode data(String what, Supplier<Response> call) {
        return WompiReplies.data(json, what, call);
    }

    private String publicKey() {
        return WompiReplies.required(config, config.publicKey(), "WOMPI_PUBLIC_KEY");
    }

    private String privateBearer() {
        return "Bearer " + WompiReplies.required(config, config.privateKey(), "WOMPI_PRIVATE_KEY");
    }
}
