package dev.pagos.provider.paymentsway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagos.money.Money;
import dev.pagos.provider.Checkout;
import dev.pagos.provider.CheckoutForms;
import dev.pagos.provider.CheckoutRequest;
import dev.pagos.provider.ConfirmedPayment;
import dev.pagos.provider.HostedCheckout;
import dev.pagos.provider.PaymentRefunds;
import dev.pagos.provider.PaymentsByReference;
import dev.pagos.provider.ProviderName;
import dev.pagos.provider.ProviderRejectedException;
import dev.pagos.provider.ProviderRetry;
import dev.pagos.provider.ProviderUnavailableException;
import dev.pagos.text.Truncate;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * PaymentsWay's hosted checkout ("botón de pago"). Opening a checkout calls nothing: PaymentsWay learns of the payment
 * when the buyer's browser posts the form to {@code cartaspago/redirect}, which a link or a QR code cannot do, so the
 * checkout's link is a page of ours that posts it ({@link #form}). Our order id is the {@code order_number} and
 * nothing else; the amount is whole pesos. A payment is confirmed by reading the transaction from the ClientAPI
 * ({@code ObtenerTransaccion}, or {@code ObtenerTransaccionByExternalOrder} by our order id), and refunded with
 * {@code ReversarTransaccion}.
 */
@ApplicationScoped
public class PaymentsWayCheckoutProvider implements HostedCheckout, PaymentsByReference, CheckoutForms, PaymentRefunds {

    static final String CURRENCY = PaymentsWayReplies.CURRENCY;
    /** Identification types ({@code client_doctype}), as two integrations list them. */
    static final Map<String, String> DOCUMENT_TYPES = docTypes();

    private final PaymentsWayConfig config;
    private final PaymentsWayEndpoints endpoints;
    private final ObjectMapper json;
    private final ProviderRetry.Policy retry;
    private final PaymentsWayApi api;

    PaymentsWayCheckoutProvider(PaymentsWayConfig config, PaymentsWayEndpoints endpoints, ObjectMapper json,
            @ConfigProperty(name = "pagos.provider.retry.max-attempts") int maxAttempts,
            @ConfigProperty(name = "pagos.provider.retry.initial-backoff") Duration initialBackoff, PaymentsWayApi api) {
        this.config = config;
        this.endpoints = endpoints;
        this.json = json;
        this.retry = new ProviderRetry.Policy(maxAttempts, initialBackoff);
        this.api = api;
    }

    private static Map<String, String> docTypes() {
        Map<String, String> types = new LinkedHashMap<>();
        types.put("4", "Cédula de ciudadanía");
        types.put("5", "Cédula de extranjería");
        types.put("6", "NIT");
        types.put("1", "Pasaporte");
        return types;
    }

    @Override
    public ProviderName provider() {
        return ProviderName.PAYMENTSWAY;
    }

    /** A deployment without PaymentsWay's ids and key (template.yaml's PaymentsWaySecretArn empty) does not offer it. */
    @Override
    public boolean configured() {
        return config.mode() == PaymentsWayConfig.Mode.SIMULATOR || (present(config.merchantId())
                && present(config.formId()) && present(config.terminalId()) && present(config.apiKey()));
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
        pesos(request.amount());
        return new Checkout.FormPage(endpoints.pageOf(request.orderId()));
    }

    /**
     * PaymentsWay's {@code amount} is whole pesos: COP cents that are not a multiple of 100 cannot be charged exactly,
     * and are refused rather than rounded.
     */
    static long pesos(Money amount) {
        if (!CURRENCY.equals(amount.currency())) {
            throw new ProviderRejectedException("CURRENCY_NOT_SUPPORTED", "PaymentsWay is paid in COP, not " + amount.currency());
        }
        if (amount.minorUnits() % 100 != 0 || amount.minorUnits() <= 0) {
            throw new ProviderRejectedException("AMOUNT_NOT_WHOLE_PESOS",
                    "PaymentsWay charges whole pesos; " + amount.toDecimalString() + " COP is not one");
        }
        return amount.minorUnits() / 100;
    }

    @Override
    public Form form(CheckoutRequest request) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("merchant_id", PaymentsWayReplies.required(config, config.merchantId(), "PAYMENTSWAY_MERCHANT_ID"));
        fields.put("form_id", PaymentsWayReplies.required(config, config.formId(), "PAYMENTSWAY_FORM_ID"));
        fields.put("terminal_id", PaymentsWayReplies.required(config, config.terminalId(), "PAYMENTSWAY_TERMINAL_ID"));
        fields.put("order_number", request.orderId().toString());
        fields.put("amount", Long.toString(pesos(request.amount())));
        fields.put("currency", CURRENCY);
        fields.put("order_description", Truncate.toLength(request.description() == null ? "Pagos order"
                : request.description(), 100));
        fields.put("response_url", config.responseUrl() + (config.responseUrl().contains("?") ? "&" : "?")
                + "orderId=" + URLEncoder.encode(request.orderId().toString(), StandardCharsets.UTF_8));
        List<Input> buyer = List.of(
                new Input("client_firstname", "First name", "text", "given-name", null, null),
                new Input("client_lastname", "Last name", "text", "family-name", null, null),
                new Input("client_email", "Email", "email", "email", null, null),
                new Input("client_phone", "Mobile number", "tel", "tel-national", "[0-9]{10}", null),
                new Input("client_doctype", "Document type", "select", null, null, DOCUMENT_TYPES),
                new Input("client_numdoc", "Document number", "text", null, "[0-9]{5,15}", null));
        return new Form(endpoints.checkoutUrl(), fields, buyer);
    }

    @Override
    public ConfirmedPayment lookup(String transactionId) {
        JsonNode transaction = readTransaction(transactionId)
                .orElseThrow(() -> new ProviderRejectedException("NOT_FOUND", "PaymentsWay has no transaction "
                        + Truncate.toLength(transactionId, 60)));
        return confirmedFrom(transaction);
    }

    private Optional<JsonNode> readTransaction(String transactionId) {
        List<JsonNode> found = PaymentsWayReplies.transactions(ProviderRetry.call("PaymentsWay ObtenerTransaccion "
                + transactionId, retry, () -> PaymentsWayReplies.body(json, "transaction " + transactionId,
                        () -> api.transaction(apiKey(), transactionId))));
        Optional<JsonNode> transaction = found.stream().findFirst();
        if (transaction.isPresent() && !transactionId.equals(transaction.get().path("id").asText())) {
            throw new ProviderRejectedException("WRONG_TRANSACTION", "PaymentsWay answered with another transaction");
        }
        return transaction;
    }

    private static ConfirmedPayment confirmedFrom(JsonNode transaction) {
        PaymentsWayMapping.TransactionStatus status = PaymentsWayReplies.statusOf(transaction);
        return new ConfirmedPayment(PaymentsWayMapping.stageOf(status), PaymentsWayReplies.reference(transaction),
                PaymentsWayReplies.moneyOf(transaction), null, "transaction " + status.id() + " " + status);
    }

    /**
     * {@code ObtenerTransaccionByExternalOrder}: how the reconciliation job finds a payment whose notification was
     * lost. Only transactions that carry exactly our order id count, whatever the answer held; of several, the one
     * that took money decides ({@link PaymentsWayMapping#precedence}), then the newest.
     */
    @Override
    public Optional<Found> findByReference(String reference) {
        JsonNode body = ProviderRetry.call("PaymentsWay ObtenerTransaccionByExternalOrder " + reference, retry,
                () -> PaymentsWayReplies.body(json, "transactions of order " + reference,
                        () -> api.transactionsOfOrder(apiKey(), reference)));
        return PaymentsWayReplies.transactions(body).stream()
                .filter(t -> reference.equals(PaymentsWayReplies.reference(t)) && !t.path("id").asText().isEmpty()
                        && PaymentsWayReplies.statusIdOf(t).flatMap(PaymentsWayMapping.TransactionStatus::ofId).isPresent())
                .min(Comparator.comparingInt((JsonNode t) -> PaymentsWayMapping.precedence(PaymentsWayReplies.statusOf(t)))
                        .thenComparing(t -> t.path("createdat").asText(""), Comparator.reverseOrder()))
                .map(t -> new Found(t.path("id").asText(), confirmedFrom(t)));
    }

    /**
     * {@code ReversarTransaccion}. The transaction is read first: one already refunded is not reversed again (the
     * call has no attested idempotency key), one that is not a successful payment of this order is refused. Then
     * it is read again, and what the ClientAPI says is returned: only a confirmed refund (status 39) moves an order.
     */
    @Override
    public ConfirmedPayment refund(RefundRequest request) {
        ConfirmedPayment before = lookup(request.providerPaymentId());
        if (!request.orderId().toString().equals(before.reference())) {
            throw new ProviderRejectedException("WRONG_TRANSACTION", "PaymentsWay transaction "
                    + Truncate.toLength(request.providerPaymentId(), 60) + " is not the payment of order " + request.orderId());
        }
        if (before.stage() == ConfirmedPayment.Stage.REFUNDED) {
            return before;
        }
        if (before.stage() != ConfirmedPayment.Stage.CAPTURED) {
            throw new ProviderRejectedException("NOT_REFUNDABLE", "PaymentsWay transaction is " + before.providerStatus());
        }
        String body = json.createObjectNode().put("idTransaction", request.providerPaymentId()).toString();
        try {
            // Sent once, not retried: a reversal whose answer was lost is found by reading the transaction again.
            ProviderRetry.call("PaymentsWay ReversarTransaccion " + request.providerPaymentId(),
                    new ProviderRetry.Policy(1, retry.initialBackoff()),
                    () -> PaymentsWayReplies.body(json, "reversal of " + request.providerPaymentId(),
                            () -> api.reverse(apiKey(), body)));
        } catch (ProviderUnavailableException e) {
            ConfirmedPayment after = lookup(request.providerPaymentId());
            if (after.stage() == ConfirmedPayment.Stage.REFUNDED) {
                return after;
            }
            throw e;
        }
        return lookup(request.providerPaymentId());
    }

    private String apiKey() {
        return PaymentsWayReplies.required(config, config.apiKey(), "PAYMENTSWAY_API_KEY");
    }
}
