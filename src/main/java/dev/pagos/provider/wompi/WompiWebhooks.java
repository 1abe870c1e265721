package dev.pagos.provider.wompi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagos.provider.PaymentEvent;
import dev.pagos.provider.PaymentReferences;
import dev.pagos.provider.ProviderName;
import dev.pagos.provider.WebhookRejectedException;
import dev.pagos.provider.WebhookVerifier;
import dev.pagos.text.Identifiers;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Wompi events. The checksum covers the values of the properties the event itself lists (paths inside
 * {@code data}), its timestamp and our events secret; it is checked on the body exactly as received, before
 * anything is written. The transaction id must be one of the signed properties, since it is what we confirm
 * against Wompi's API. Wompi events carry no id of their own: one is made of the transaction, its status and the
 * event's timestamp, so a redelivery is recognised as the same event.
 */
@ApplicationScoped
public class WompiWebhooks implements WebhookVerifier {

    static final String CHECKSUM_HEADER = "X-Event-Checksum";
    static final String TRANSACTION_UPDATED = "transaction.updated";

    private final WompiConfig config;
    private final ObjectMapper json;

    WompiWebhooks(WompiConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    @Override
    public ProviderName provider() {
        return ProviderName.WOMPI;
    }

    @Override
    public PaymentEvent verify(Map<String, String> headers, byte[] rawBody) {
        String secret = config.eventsSecret().filter(s -> !s.isBlank())
                .orElseThrow(() -> new WebhookRejectedException("no events secret is configured"));
        JsonNode event;
        try {
            event = json.readTree(rawBody);
        } catch (IOException e) {
            throw new WebhookRejectedException("body is not JSON", e);
        }
        if (event == null || !event.isObject()) {
            throw new WebhookRejectedException("body is not an event");
        }
        JsonNode data = event.path("data");
        JsonNode properties = event.path("signature").path("properties");
        JsonNode timestamp = event.path("timestamp");
        if (!properties.isArray() || properties.isEmpty() || !timestamp.isValueNode()) {
            throw new WebhookRejectedException("event lists no signed properties or no timestamp");
        }
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (JsonNode property : properties) {
            JsonNode value = resolve(data, property.asText(""));
            if (!property.isTextual() || value == null || !value.isValueNode() || value.isNull()) {
                throw new WebhookRejectedException("signed property " + property + " is not in the event's data");
            }
            names.add(property.asText());
            values.add(value.asText());
        }
        String expected = WompiSignatures.eventChecksum(values, timestamp.asText(), secret);
        String received = header(headers).orElse(event.path("signature").path("checksum").asText(null));
        if (!WompiSignatures.sameChecksum(expected, received)) {
            throw new WebhookRejectedException("checksum does not verify");
        }
        if (!names.contains("transaction.id")) {
            throw new WebhookRejectedException("the transaction id is not among the signed properties");
        }
        String eventType = event.path("event").asText();
        JsonNode transaction = data.path("transaction");
        String transactionId = transaction.path("id").asText();
        String status = transaction.path("status").asText();
        String eventId = transactionId + ":" + status + ":" + timestamp.asText();
        if (!Identifiers.areUsable(eventId, eventType)) {
            throw new WebhookRejectedException("event has no usable transaction id, status or type");
        }
        PaymentEvent.Kind kind = TRANSACTION_UPDATED.equals(eventType) ? PaymentEvent.Kind.PAYMENT_UPDATED
                : PaymentEvent.Kind.NOT_RELEVANT;
        return new PaymentEvent(provider(), null, eventId, eventType, kind,
                PaymentReferences.subjectOf(transaction.path("reference").asText(""), transactionId));
    }

    /** "transaction.amount_in_cents" inside data. */
    private static JsonNode resolve(JsonNode data, String path) {
        JsonNode node = data;
        for (String step : path.split("\\.", -1)) {
            if (step.isEmpty() || !node.isObject() || !node.has(step)) {
                return null;
            }
            node = node.get(step);
        }
        return node;
    }

    private static Optional<String> header(Map<String, String> headers) {
        return headers.entrySet().stream().filter(e -> CHECKSUM_HEADER.equalsIgnoreCase(e.getKey()))
                .map(Map.Entry::getValue).findFirst();
    }

}
