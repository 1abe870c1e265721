package dev.pagos.provider.wompi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagos.provider.PaymentEvent;
import dev.pagos.provider.PaymentReferences;
import dev.pagos.provider.ProviderName;
import dev.pagos.provider.WebhookBodies;
import dev.pagos.provider.WebhookRejectedException;
import dev.pagos.provider.WebhookVerifier;
import dev.pagos.text.Identifiers;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 *
 * <p>The timestamp (Unix seconds, covered by the checksum) must be within {@code pagos.wompi.event-tolerance} of our
 * clock, either way, as PayPal's transmission time must: a signed event captured once cannot be replayed later to
 * stir an order. An event refused for its age is not lost: the reconciliation job reads unsettled Wompi orders from
 * Wompi's API (by transaction id, or by our reference when no event or redirect ever told us the id).
 */
@ApplicationScoped
public class WompiWebhooks implements WebhookVerifier {

    public static final String CHECKSUM_HEADER = "X-Event-Checksum";
    public static final String TRANSACTION_UPDATED = "transaction.updated";

    /** How far an event's timestamp may be from our clock, either way, unless configured otherwise. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(10);

    private final WompiConfig config;
    private final WebhookBodies bodies;
    private final Clock clock;
    private final Duration tolerance;

    WompiWebhooks(WompiConfig config, ObjectMapper json, Clock clock) {
        this.config = config;
        this.bodies = new WebhookBodies(json);
        this.clock = clock;
        this.tolerance = config.eventTolerance().orElse(DEFAULT_TOLERANCE);
    }

    @Override
    public ProviderName provider() {
        return ProviderName.WOMPI;
    }

    @Override
    public PaymentEvent verify(Map<String, String> headers, byte[] rawBody) {
        String secret = config.eventsSecret().filter(s -> !s.isBlank())
                .orElseThrow(() -> new WebhookRejectedException("no events secret is configured"));
        JsonNode event = bodies.event(rawBody);
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
        requireRecent(timestamp);
        String expected = WompiSignatures.eventChecksum(values, timestamp.asText(), secret);
        String received = header(headers).orElse(event.path("signature").path("checksum").asText(null));
        if (!WompiSignatures.sameChecksum(expected, received)) {
            throw new WebhookRejectedException("checksum does not verify");
        }
        if (!names.contains("transaction.id")) {
            throw new WebhookRejectedException("the transaction id is not among the signed properties");
        }
        return eventOf(event);
    }

    @Override
    public PaymentEvent recorded(byte[] rawBody) {
        return eventOf(bodies.event(rawBody));
    }

    private PaymentEvent eventOf(JsonNode event) {
        JsonNode data = event.path("data");
        JsonNode timestamp = event.path("timestamp");
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

    /** Wompi's timestamp is Unix seconds, a JSON number (a numeric string is read the same way). */
    private void requireRecent(JsonNode timestamp) {
        long seconds;
        if (timestamp.canConvertToExactIntegral() && timestamp.canConvertToLong()) {
            seconds = timestamp.asLong();
        } else if (timestamp.isTextual() && timestamp.asText().matches("\\d{1,12}")) {
            seconds = Long.parseLong(timestamp.asText());
        } else {
            throw new WebhookRejectedException("timestamp is not Unix seconds");
        }
        Duration skew = Duration.between(Instant.ofEpochSecond(seconds), clock.instant()).abs();
        if (skew.compareTo(tolerance) > 0) {
            throw new WebhookRejectedException("timestamp " + seconds + " is " + skew.toSeconds()
                    + " s away from now; at most " + tolerance.toSeconds() + " s is accepted");
        }
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
