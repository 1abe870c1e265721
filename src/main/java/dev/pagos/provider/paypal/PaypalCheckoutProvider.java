package dev.pagos.provider.paypal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pagos.money.Money;
import dev.pagos.provider.CaptureRequest;
import dev.pagos.provider.Checkout;
import dev.pagos.provider.HostedCheckout;
import dev.pagos.provider.PaymentCapture;
import dev.pagos.provider.PaymentRefunds;
import dev.pagos.provider.ProviderName;
import dev.pagos.provider.CheckoutRequest;
import dev.pagos.provider.ConfirmedPayment;
import dev.pagos.provider.ProviderRejectedException;
import dev.pagos.provider.ProviderRetry;
import dev.pagos.provider.ProviderRetry.TransientFailure;
import dev.pagos.text.Truncate;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * PayPal Orders v2 with intent CAPTURE. Idempotency: PayPal-Request-Id is derived from our order id and
 * the operation, so every retry of a create or capture, in this process or after a crash, is the same
 * request to PayPal (which remembers it for about six hours).
 */
@ApplicationScoped
public class PaypalCheckoutProvider implements HostedCheckout, PaymentCapture, PaymentRefunds {

    private static final Duration TOKEN_SAFETY_MARGIN = Duration.ofMinutes(5);

    private final PaypalApi api;
    private final PaypalConfig config;
    private final ObjectMapper json;
    private final Clock clock;
    private final ProviderRetry.Policy retry;
    private volatile CachedToken token;

    private record CachedToken(String value, Instant refreshAfter) {
    }

    PaypalCheckoutProvider(PaypalConfig config, ObjectMapper json, Clock clock, PaypalEndpoints endpoints,
            @ConfigProperty(name = "pagos.provider.retry.max-attempts") int maxAttempts,
            @ConfigProperty(name = "pagos.provider.retry.initial-backoff") Duration initialBackoff,
            @ConfigProperty(name = "quarkus.rest-client.paypal.connect-timeout") long connectTimeoutMs,
            @ConfigProperty(name = "quarkus.rest-client.paypal.read-timeout") long readTimeoutMs) {
        this.config = config;
        this.json = json;
        this.clock = clock;
        this.retry = new ProviderRetry.Policy(maxAttempts, initialBackoff);
        this.api = QuarkusRestClientBuilder.newBuilder()
                .baseUri(endpoints.apiBase())
                .connectTimeout(connectTimeoutMs, TimeUnit.MILLISECONDS)
                .readTimeout(readTimeoutMs, TimeUnit.MILLISECONDS)
                // Every status is read by expectSuccess, not turned into exceptions by the client.
                .property("microprofile.rest.client.disable.default.mapper", true)
                .build(PaypalApi.class);
    }

    /**
     * The currencies PayPal's checkout takes from any merchant (PayPal's REST currency-codes reference). Left out on
     * purpose: COP and every other currency PayPal does not list; BRL, MYR, CNY and INR, which PayPal takes only for
     * in-country accounts; HUF and TWD, which PayPal takes only without decimals while ISO 4217 (and so Money) counts
     * cents for them.
     */
    static final Set<String> CHECKOUT_CURRENCIES = Set.of("AUD", "CAD", "CHF", "CZK", "DKK", "EUR", "GBP", "HKD", "ILS",
            "JPY", "MXN", "NOK", "NZD", "PHP", "PLN", "SEK", "SGD", "THB", "USD");

    @Override
    public ProviderName provider() {
        return ProviderName.PAYPAL;
    }

    @Override
    public boolean accepts(String currency) {
        return CHECKOUT_CURRENCIES.contains(currency);
    }

    @Override
    public Checkout open(CheckoutRequest request) {
        String body = createOrderBody(request);
        String requestId = requestId("create", request.orderId());
        JsonNode order = ProviderRetry.call("PayPal create order " + request.orderId(), retry,
                () -> expectSuccess(exchange(() -> api.createOrder(bearer(), requestId, "return=representation", body))));
        String approveUrl = null;
        for (JsonNode link : order.path("links")) {
            String rel = link.path("rel").asText();
            // "payer-action" when experience_context is sent (as we do), "approve" otherwise.
            if (rel.equals("payer-action") || rel.equals("approve")) {
                approveUrl = link.path("href").asText();
            }
        }
        if (approveUrl == null || order.path("id").asText().isEmpty()) {
            throw new ProviderRejectedException("NO_APPROVAL_LINK", "PayPal answered without an order id or approval link");
        }
        return new Checkout.Redirect(order.path("id").asText(), approveUrl);
    }

    private String createOrderBody(CheckoutRequest request) {
        ObjectNode body = json.createObjectNode().put("intent", "CAPTURE");
        ObjectNode unit = body.putArray("purchase_units").addObject();
        String reference = request.orderId().toString();
        // Our order id is the only reference PayPal gets; custom_id comes back on captures and refunds.
        unit.put("reference_id", reference).put("custom_id", reference).put("invoice_id", reference)
                .put("description", Truncate.toLength(request.description(), 127));
        unit.putObject("amount")
                .put("currency_code", request.amount().currency())
                .put("value", request.amount().toDecimalString());
        body.putObject("payment_source").putObject("paypal").putObject("experience_context")
                .put("brand_name", Truncate.toLength(config.brandName(), 127))
                .put("user_action", "PAY_NOW")
                .put("shipping_preference", "NO_SHIPPING")
                .put("return_url", request.returnUrl() + "?orderId=" + reference)
                .put("cancel_url", request.cancelUrl() + "?orderId=" + reference);
        return body.toString();
    }

    @Override
    public ConfirmedPayment lookup(String providerOrderId) {
        JsonNode order = ProviderRetry.call("PayPal get order " + providerOrderId, retry,
                () -> expectSuccess(exchange(() -> api.getOrder(bearer(), providerOrderId))));
        return confirmedFrom(order, providerOrderId);
    }

    @Override
    public ConfirmedPayment capture(CaptureRequest request) {
        String requestId = requestId("capture", request.orderId());
        JsonNode captured = ProviderRetry.call("PayPal capture " + request.providerOrderId(), retry, () -> {
            PaypalReply reply = exchange(() -> api.captureOrder(bearer(), requestId, "return=representation",
                    request.providerOrderId(), "{}"));
            if (reply.status() == 422 && "ORDER_ALREADY_CAPTURED".equals(issueOf(reply.body()))) {
                // Captured by an earlier attempt whose answer we never saw: read the capture from the order.
                return expectSuccess(exchange(() -> api.getOrder(bearer(), request.providerOrderId())));
            }
            return expectSuccess(reply);
        });
        ConfirmedPayment confirmed = confirmedFrom(captured, request.providerOrderId());
        if (confirmed.captureId() == null) {
            throw new ProviderRejectedException("NO_CAPTURE", "PayPal reported no capture for order " + request.providerOrderId());
        }
        return confirmed;
    }

    /**
     * Payments v2 {@code POST /v2/payments/captures/{capture_id}/refund} with an empty body (a full refund) and
     * {@code PayPal-Request-Id: pagos-refund-<order id>}: every retry, double click or later attempt at this order's
     * refund is the same request to PayPal (which keeps the id for 45 days, the spec's parameter says). The order is
     * read first: a capture already REFUNDED is not refunded again, and one that is not this order's completed capture
     * is refused. PayPal's {@code CAPTURE_FULLY_REFUNDED} (refunded by an earlier call or on PayPal's site) is read as
     * done. What is returned is the order as PayPal shows it afterwards: REFUNDED once PayPal completed the refund,
     * still CAPTURED while the refund is PENDING (its PAYMENT.CAPTURE.REFUNDED event or the next refund attempt
     * settles it).
     */
    @Override
    public ConfirmedPayment refund(RefundRequest request) {
        ConfirmedPayment before = lookup(request.providerPaymentId());
        if (!request.orderId().toString().equals(before.reference()) || before.captureId() == null) {
            throw new ProviderRejectedException("WRONG_ORDER", "PayPal order " + Truncate.toLength(
                    request.providerPaymentId(), 60) + " has no capture of order " + request.orderId());
        }
        if (before.stage() == ConfirmedPayment.Stage.REFUNDED) {
            return before;
        }
        if (before.stage() != ConfirmedPayment.Stage.CAPTURED) {
            throw new ProviderRejectedException("NOT_REFUNDABLE", "PayPal shows " + before.providerStatus());
        }
        String requestId = requestId("refund", request.orderId());
        JsonNode refund = ProviderRetry.call("PayPal refund capture " + before.captureId(), retry, () -> {
            PaypalReply reply = exchange(() -> api.refundCapture(bearer(), requestId, "return=representation",
                    before.captureId(), "{}"));
            if (reply.status() == 422 && "CAPTURE_FULLY_REFUNDED".equals(issueOf(reply.body()))) {
                return json.createObjectNode().put("status", "COMPLETED");
            }
            return expectSuccess(reply);
        });
        ConfirmedPayment after = lookup(request.providerPaymentId());
        return new ConfirmedPayment(after.stage(), after.reference(), after.amount(), after.captureId(),
                after.providerStatus() + ", refund " + refund.path("id").asText("") + " " + refund.path("status").asText());
    }

    /**
     * An Orders v2 order (from GET or from the capture call) in our terms. Before a capture the order's status
     * decides; after it, the first capture's status and amount do.
     */
    private static ConfirmedPayment confirmedFrom(JsonNode order, String providerOrderId) {
        JsonNode unit = order.path("purchase_units").path(0);
        JsonNode capture = unit.path("payments").path("captures").path(0);
        String reference = firstText(unit.path("custom_id"), unit.path("reference_id"), capture.path("custom_id"));
        if (!capture.isMissingNode()) {
            PaypalMapping.CaptureStatus status = known(PaypalMapping.CaptureStatus.class, capture.path("status").asText(),
                    providerOrderId);
            return new ConfirmedPayment(PaypalMapping.stageOf(status), reference, moneyOf(capture.path("amount")),
                    capture.path("id").asText(null), "capture " + status);
        }
        PaypalMapping.OrderStatus status = known(PaypalMapping.OrderStatus.class, order.path("status").asText(),
                providerOrderId);
        return new ConfirmedPayment(PaypalMapping.stageOf(status), reference, moneyOf(unit.path("amount")), null,
                "order " + status);
    }

    private static <E extends Enum<E>> E known(Class<E> type, String value, String providerOrderId) {
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw new ProviderRejectedException("UNKNOWN_STATUS", "PayPal order " + providerOrderId + " has status '"
                    + Truncate.toLength(value, 40) + "', which Pagos does not know");
        }
    }

    private static Money moneyOf(JsonNode amount) {
        if (amount.isMissingNode() || !amount.hasNonNull("value") || !amount.hasNonNull("currency_code")) {
            return null;
        }
        try {
            return Money.parseDecimal(amount.path("value").asText(), amount.path("currency_code").asText());
        } catch (RuntimeException e) {
            // An amount we cannot read is no amount: it will not match the order's, so nothing is granted.
            return null;
        }
    }

    private static String firstText(JsonNode... candidates) {
        for (JsonNode candidate : candidates) {
            if (candidate.isTextual() && !candidate.asText().isEmpty()) {
                return candidate.asText();
            }
        }
        return null;
    }

    private static String requestId(String operation, UUID orderId) {
        return "pagos-" + operation + "-" + orderId;
    }

    /** 2xx -> the JSON; 401 -> drop the token and retry; 429/5xx -> retry; other 4xx -> rejected for good. */
    private JsonNode expectSuccess(PaypalReply reply) {
        JsonNode body = reply.body();
        int status = reply.status();
        if (status >= 200 && status < 300) {
            return body;
        }
        if (status == 401) {
            token = null;
            throw new TransientFailure("PayPal refused our access token", null);
        }
        if (status == 429 || status >= 500) {
            throw new TransientFailure("PayPal answered " + status + " " + body.path("name").asText(), null);
        }
        String issue = issueOf(body);
        throw new ProviderRejectedException(issue.isEmpty() ? body.path("name").asText("HTTP_" + status) : issue,
                "PayPal answered " + status + ": " + body.path("message").asText());
    }

    /** A PayPal answer read once: status and JSON body (empty object when there is none). */
    private record PaypalReply(int status, JsonNode body) {
    }

    /**
     * One call, its answer read once. Connection failures, timeouts and unreadable answers are worth
     * retrying; the request id makes the retry safe.
     */
    private PaypalReply exchange(Supplier<Response> call) {
        try (Response response = call.get()) {
            String text = response.hasEntity() ? response.readEntity(String.class) : "";
            return new PaypalReply(response.getStatus(), text.isBlank() ? json.createObjectNode() : json.readTree(text));
        } catch (ProcessingException e) {
            throw new TransientFailure("PayPal unreachable or its answer unreadable: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new TransientFailure("PayPal's answer is not JSON", e);
        }
    }

    private static String issueOf(JsonNode error) {
        return error.path("details").path(0).path("issue").asText();
    }

    private String bearer() {
        CachedToken current = token;
        if (current == null || !clock.instant().isBefore(current.refreshAfter())) {
            current = fetchToken();
            token = current;
        }
        return "Bearer " + current.value();
    }

    private CachedToken fetchToken() {
        String clientId = config.clientId().orElseThrow(() -> missing("PAYPAL_CLIENT_ID"));
        String secret = config.clientSecret().orElseThrow(() -> missing("PAYPAL_CLIENT_SECRET"));
        String basic = "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        PaypalReply reply = exchange(() -> api.token(basic, "client_credentials"));
        if (reply.status() == 401) {
            throw new ProviderRejectedException("INVALID_CLIENT", "PayPal refused the client id and secret");
        }
        JsonNode body = expectSuccess(reply);
        long expiresIn = body.path("expires_in").asLong(0);
        Instant refreshAfter = clock.instant().plusSeconds(expiresIn).minus(TOKEN_SAFETY_MARGIN);
        return new CachedToken(body.path("access_token").asText(), refreshAfter);
    }

    private IllegalStateException missing(String variable) {
        return new IllegalStateException(variable + " must be set for PayPal mode " + config.mode());
    }
}
