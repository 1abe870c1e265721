package dev.pagos.provider.wompi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagos.money.Money;
import dev.pagos.provider.ProviderRejectedException;
import dev.pagos.provider.ProviderRetry.TransientFailure;
import dev.pagos.text.Truncate;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;

/** Reading Wompi's answers, the same way for the hosted checkout and for card charges. */
final class WompiReplies {

    private WompiReplies() {
    }

    /**
     * Sends one request and returns its {@code data}. 429/5xx, unreachable and unreadable answers are transient;
     * any other non-2xx is a refusal named by Wompi's error type only. Neither Wompi's message nor the cause's
     * text is kept: either could quote what was sent (a card, for a tokenization).
     */
    static JsonNode data(ObjectMapper json, String what, Supplier<Response> call) {
        try (Response response = call.get()) {
            String text = response.hasEntity() ? response.readEntity(String.class) : "";
            int status = response.getStatus();
            if (status == 429 || status >= 500) {
                throw new TransientFailure("Wompi answered " + status + " for the " + what, null);
            }
            JsonNode body = text.isBlank() ? json.createObjectNode() : json.readTree(text);
            if (status < 200 || status > 299) {
                throw new ProviderRejectedException(
                        Truncate.toLength(body.path("error").path("type").asText("HTTP_" + status), 60),
                        "Wompi refused the " + what + " (" + status + ")");
            }
            return body.path("data");
        } catch (ProcessingException e) {
            throw new TransientFailure("Wompi unreachable for the " + what, null);
        } catch (IOException e) {
            throw new TransientFailure("Wompi's answer for the " + what + " is not JSON", null);
        }
    }

    static WompiMapping.TransactionStatus statusOf(JsonNode transaction) {
        String rawStatus = transaction.path("status").asText();
        try {
            return WompiMapping.TransactionStatus.valueOf(rawStatus);
        } catch (IllegalArgumentException e) {
            throw new ProviderRejectedException("UNKNOWN_STATUS", "Wompi transaction "
                    + Truncate.toLength(transaction.path("id").asText(), 60) + " has status '"
                    + Truncate.toLength(rawStatus, 40) + "', which Pagos does not know");
        }
    }

    /** An amount we cannot read is no amount: it will not match ours, so nothing is granted. */
    static Money moneyOf(JsonNode transaction) {
        JsonNode cents = transaction.path("amount_in_cents");
        String currency = transaction.path("currency").asText("");
        if (!cents.canConvertToExactIntegral() || !currency.matches("[A-Z]{3}") || cents.asLong() < 0) {
            return null;
        }
        return Money.of(cents.asLong(), currency);
    }

    static String required(WompiConfig config, Optional<String> value, String variable) {
        return value.filter(v -> !v.isBlank()).orElseThrow(() ->
                new IllegalStateException(variable + " must be set for Wompi mode " + config.mode()));
    }
}
