package dev.pagos.provider.paymentsway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagos.money.Money;
import dev.pagos.provider.ProviderRejectedException;
import dev.pagos.provider.ProviderRetry.TransientFailure;
import dev.pagos.text.Truncate;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reading the ClientAPI's answers. Its error format and status codes are not documented, so: 429, 5xx, no answer and
 * an answer that is not JSON are transient (retried, then "unavailable"); any other non-2xx is a refusal named by its
 * status only (PaymentsWay's text is not kept). A transaction may come bare (as {@code ObtenerTransaccion} answers
 * in the integrations) or wrapped as {@code {"status": true, "data": ...}} (as {@code CrearTransaccion} answers).
 */
final class PaymentsWayReplies {

    static final String CURRENCY = "COP";

    private PaymentsWayReplies() {
    }

    /** Sends one request; returns its JSON body (null for an empty 2xx body or a 404). */
    static JsonNode body(ObjectMapper json, String what, Supplier<Response> call) {
        try (Response response = call.get()) {
            String text = response.hasEntity() ? response.readEntity(String.class) : "";
            int status = response.getStatus();
            if (status == 429 || status >= 500) {
                throw new TransientFailure("PaymentsWay answered " + status + " for the " + what, null);
            }
            if (status == 404) {
                return null;
            }
            if (status < 200 || status > 299) {
                throw new ProviderRejectedException("HTTP_" + status, "PaymentsWay refused the " + what + " (" + status + ")");
            }
            return text.isBlank() ? null : json.readTree(text);
        } catch (ProcessingException e) {
            throw new TransientFailure("PaymentsWay unreachable for the " + what, null);
        } catch (IOException e) {
            throw new TransientFailure("PaymentsWay's answer for the " + what + " is not JSON", null);
        }
    }

    /** The transactions in an answer: one bare object, a list, or either inside {@code data}. */
    static List<JsonNode> transactions(JsonNode body) {
        List<JsonNode> found = new ArrayList<>();
        if (body == null || body.isNull()) {
            return found;
        }
        JsonNode node = body.isObject() && body.has("data") && !body.has("idstatus") ? body.get("data") : body;
        if (node.isArray()) {
            node.forEach(t -> {
                if (t.isObject()) {
                    found.add(t);
                }
            });
        } else if (node.isObject() && node.has("id")) {
            found.add(node);
        }
        return found;
    }

    /** {@code idstatus.id} (a number, or a numeric string), or the number itself where a status is flat. */
    static Optional<Integer> statusIdOf(JsonNode transaction) {
        JsonNode id = transaction.path("idstatus").isObject() ? transaction.path("idstatus").path("id")
                : transaction.path("idstatus");
        if (id.canConvertToExactIntegral() && id.canConvertToInt()) {
            return Optional.of(id.asInt());
        }
        if (id.isTextual() && id.asText().matches("\\d{1,9}")) {
            return Optional.of(Integer.parseInt(id.asText()));
        }
        return Optional.empty();
    }

    static PaymentsWayMapping.TransactionStatus statusOf(JsonNode transaction) {
        Optional<Integer> id = statusIdOf(transaction);
        return id.flatMap(PaymentsWayMapping.TransactionStatus::ofId).orElseThrow(() -> new ProviderRejectedException(
                "UNKNOWN_STATUS", "PaymentsWay transaction " + Truncate.toLength(transaction.path("id").asText(), 60)
                        + " has status " + id.map(String::valueOf).orElse("(none)") + ", which Pagos does not know"));
    }

    /**
     * The transaction's amount as our money: {@code amount} is whole pesos (a number or a numeric string), converted
     * exactly to COP cents; the currency is {@code currencycode.code} (or {@code currencycode} as a string). An amount
     * or currency we cannot read is no amount: it will not match the order's, so nothing is granted.
     */
    static Money moneyOf(JsonNode transaction) {
        Optional<Long> cents = centsOf(transaction.path("amount"));
        JsonNode code = transaction.path("currencycode");
        String currency = (code.isObject() ? code.path("code") : code).asText("").trim().toUpperCase(java.util.Locale.ROOT);
        if (cents.isEmpty() || !currency.matches("[A-Z]{3}")) {
            return null;
        }
        return Money.of(cents.get(), currency);
    }

    /** Pesos (a JSON number or a numeric string, decimals allowed) to cents, exactly; empty if not exact or negative. */
    static Optional<Long> centsOf(JsonNode amount) {
        String text = amount.isNumber() ? amount.decimalValue().toPlainString()
                : amount.isTextual() ? amount.asText().trim() : null;
        if (text == null || !text.matches("\\d{1,15}(\\.\\d{1,6})?")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BigDecimal(text).movePointRight(2).longValueExact());
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
    }

    static String reference(JsonNode transaction) {
        JsonNode order = transaction.path("externalorder");
        return order.isValueNode() && !order.isNull() ? order.asText() : null;
    }

    static String required(PaymentsWayConfig config, Optional<String> value, String variable) {
        return value.filter(v -> !v.isBlank()).orElseThrow(() ->
                new IllegalStateException(variable + " must be set for PaymentsWay mode " + config.mode()));
    }
}
