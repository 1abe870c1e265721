package dev.pagos.provider.paypal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagos.provider.PaymentEvent;
import dev.pagos.provider.ProviderName;
import dev.pagos.provider.WebhookBodies;
import dev.pagos.provider.WebhookRejectedException;
import dev.pagos.provider.WebhookVerifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import dev.pagos.text.Identifiers;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * PayPal webhooks: the signature is checked locally (certificate from an allow-listed *.paypal.com URL,
 * cached) before the body is parsed; then the event is read into our terms.
 */
@ApplicationScoped
public class PaypalWebhooks implements WebhookVerifier {

    private final PaypalWebhookVerifier verifier;
    private final WebhookBodies bodies;

    PaypalWebhooks(PaypalConfig config, PaypalEndpoints endpoints, ObjectMapper json, Clock clock,
            @ConfigProperty(name = "pagos.paypal.webhook-tolerance", defaultValue = "PT10M") Duration tolerance) {
        PaypalCertificates certificates = new PaypalCertificates(
                CertificateDownloader.httpClient(Duration.ofSeconds(5)), endpoints.certificateDownloadOverride());
        // An unset webhook id verifies nothing: PaypalWebhookVerifier rejects every event then.
        this.verifier = new PaypalWebhookVerifier(config.webhookId().orElse(""), certificates, clock, tolerance);
        this.bodies = new WebhookBodies(json);
    }

    @Override
    public ProviderName provider() {
        return ProviderName.PAYPAL;
    }

    @Override
    public PaymentEvent verify(Map<String, String> headers, byte[] rawBody) {
        try {
            verifier.verify(headers, rawBody);
        } catch (InvalidWebhookSignatureException e) {
            throw new WebhookRejectedException(e.getMessage(), e);
        }
        return eventOf(headerValue(headers, PaypalWebhookVerifier.TRANSMISSION_ID), rawBody);
    }

    @Override
    public PaymentEvent recorded(byte[] rawBody) {
        return eventOf(null, rawBody);
    }

    private PaymentEvent eventOf(String deliveryId, byte[] rawBody) {
        JsonNode event = bodies.event(rawBody);
        String eventId = event.path("id").asText();
        String eventType = event.path("event_type").asText();
        JsonNode resource = event.path("resource");
        String resourceId = resource.path("id").asText(null);
        PaymentEvent.Kind kind = PaypalMapping.kindOf(eventType);
        String providerOrderId = providerOrderIdOf(kind, resource);
        if (!Identifiers.areUsable(eventId, eventType) || !Identifiers.areUsableOrAbsent(resourceId, providerOrderId)) {
            throw new PagosException(ErrorCode.INVALID_REQUEST,
                    "The event has no usable id, event_type or resource id (at most 255 characters, no control characters)");
        }
        return new PaymentEvent(provider(), deliveryId, eventId,
                eventType, kind, new PaymentEvent.OrderPayment(ourOrderIdOf(resource), providerOrderId));
    }

    private static String headerValue(Map<String, String> headers, String name) {
        return headers.entrySet().stream().filter(e -> name.equalsIgnoreCase(e.getKey())).map(Map.Entry::getValue)
                .findFirst().map(String::trim).orElseThrow();
    }

    /** Orders carry their id in resource.id; captures and refunds in supplementary_data.related_ids. */
    private static String providerOrderIdOf(PaymentEvent.Kind kind, JsonNode resource) {
        String related = resource.path("supplementary_data").path("related_ids").path("order_id").asText(null);
        if (related != null) {
            return related;
        }
        if (resource.hasNonNull("order_id")) {
            return resource.path("order_id").asText();
        }
        return kind == PaymentEvent.Kind.CHECKOUT_APPROVED || kind == PaymentEvent.Kind.APPROVAL_REVERSED
                ? resource.path("id").asText(null)
                : null;
    }

    /** custom_id is our order id, on the capture itself or on the order's purchase unit. */
    private static Optional<UUID> ourOrderIdOf(JsonNode resource) {
        String customId = resource.path("custom_id").asText(
                resource.path("purchase_units").path(0).path("custom_id").asText(""));
        try {
            return customId.isEmpty() ? Optional.empty() : Optional.of(UUID.fromString(customId));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
