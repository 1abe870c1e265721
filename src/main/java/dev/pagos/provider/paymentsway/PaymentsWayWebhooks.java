package dev.pagos.provider.paymentsway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagos.provider.ConfirmedPayment;
import dev.pagos.provider.PaymentEvent;
import dev.pagos.provider.ProviderName;
import dev.pagos.provider.WebhookBodies;
import dev.pagos.provider.WebhookRejectedException;
import dev.pagos.provider.WebhookVerifier;
import dev.pagos.text.Identifiers;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * PaymentsWay notifications: the transaction object, POSTed as JSON to the terminal's webhook URL. Verified on the
 * body exactly as received, before anything is written: its {@code checksum} (see {@link PaymentsWayChecksum}) must
 * be there and match, computed with our form id, API key and merchant id and the notification's amount and
 * {@code externalorder}. The checksum covers neither the transaction id nor the status, so the notification only
 * says which order to look at: the transaction is read from the ClientAPI, and its order, amount and currency
 * decide.
 *
 * <p>What is accepted where the contract is unsure (each is in the README's list to confirm with PaymentsWay):
 * the amount under {@code amount} or {@code ammount} (both attested; if both are there they must agree); written
 * into the checksum as JavaScript prints the JSON number (whole pesos without decimals, as the one verifier found
 * does), or as whole pesos with {@code .00}, or, for an amount sent as a string, as that string.
 *
 * <p>The event id is the transaction id and its status id: a transaction notifies several times (pending, then the
 * outcome), and a repeat of one of them is a duplicate.
 */
@ApplicationScoped
public class PaymentsWayWebhooks implements WebhookVerifier {

    public static final String EVENT_TYPE_PREFIX = "transaction.status.";

    private final PaymentsWayConfig config;
    private final WebhookBodies bodies;

    PaymentsWayWebhooks(PaymentsWayConfig config, ObjectMapper json) {
        this.config = config;
        this.bodies = new WebhookBodies(json);
    }

    @Override
    public ProviderName provider() {
        return ProviderName.PAYMENTSWAY;
    }

    @Override
    public PaymentEvent verify(Map<String, String> headers, byte[] rawBody) {
        String apiKey = present(config.apiKey());
        String formId = present(config.formId());
        String merchantId = present(config.merchantId());
        if (apiKey == null || formId == null || merchantId == null) {
            throw new WebhookRejectedException("PaymentsWay is not configured (merchant id, form id, API key)");
        }
        JsonNode notification = bodies.event(rawBody);
        JsonNode checksum = notification.path("checksum");
        if (!checksum.isTextual() || checksum.asText().isBlank()) {
            // One integration accepts notifications without it; without it nothing ties the body to our key.
            throw new WebhookRejectedException("notification has no checksum");
        }
        String externalOrder = PaymentsWayReplies.reference(notification);
        if (externalOrder == null) {
            throw new WebhookRejectedException("notification names no externalorder");
        }
        boolean verified = false;
        for (String amount : amountsAsSigned(notification)) {
            // Every candidate is computed and compared, so the time taken does not say which one matched.
            verified |= PaymentsWayChecksum.same(
                    PaymentsWayChecksum.of(formId, apiKey, merchantId, amount, externalOrder), checksum.asText());
        }
        if (!verified) {
            throw new WebhookRejectedException("checksum does not verify");
        }
        return eventOf(notification);
    }

    @Override
    public PaymentEvent recorded(byte[] rawBody) {
        return eventOf(bodies.event(rawBody));
    }

    private PaymentEvent eventOf(JsonNode notification) {
        String externalOrder = PaymentsWayReplies.reference(notification);
        JsonNode id = notification.path("id");
        String transactionId = id.isValueNode() && !id.isNull() ? id.asText() : "";
        Optional<Integer> status = PaymentsWayReplies.statusIdOf(notification);
        String eventType = EVENT_TYPE_PREFIX + status.map(String::valueOf).orElse("unknown");
        String eventId = transactionId + ":" + status.map(String::valueOf).orElse("");
        if (status.isEmpty() || !Identifiers.areUsable(transactionId, eventId)) {
            throw new WebhookRejectedException("notification has no usable transaction id or status");
        }
        Optional<UUID> order = externalOrder == null ? Optional.empty() : uuid(externalOrder);
        PaymentEvent.Subject subject = order.isPresent()
                ? new PaymentEvent.OrderPayment(order, transactionId) : new PaymentEvent.Unrelated();
        return new PaymentEvent(provider(), null, eventId, eventType, PaymentEvent.Kind.PAYMENT_UPDATED, subject);
    }

    /**
     * PaymentsWay expects 200 only for a successful payment and 201 for every other status. What the ClientAPI
     * confirmed decides; a repeat (nothing read now) is answered by the notification's own status.
     */
    @Override
    public int acknowledgement(PaymentEvent event, Optional<ConfirmedPayment.Stage> confirmed) {
        boolean success = confirmed.map(stage -> stage == ConfirmedPayment.Stage.CAPTURED)
                .orElse(event.eventType().equals(EVENT_TYPE_PREFIX + PaymentsWayMapping.TransactionStatus.SUCCESS.id()));
        return success ? 200 : 201;
    }

    /** The strings the amount may have been written as in the checksum (see the class comment); empty if unreadable. */
    static Set<String> amountsAsSigned(JsonNode notification) {
        JsonNode amount = notification.path("amount");
        JsonNode ammount = notification.path("ammount");
        Optional<BigDecimal> a = decimal(amount);
        Optional<BigDecimal> b = decimal(ammount);
        if (a.isPresent() && b.isPresent() && a.get().compareTo(b.get()) != 0) {
            throw new WebhookRejectedException("amount and ammount disagree");
        }
        Optional<BigDecimal> value = a.or(() -> b);
        Set<String> forms = new LinkedHashSet<>();
        if (value.isEmpty()) {
            throw new WebhookRejectedException("notification has no readable amount");
        }
        BigDecimal pesos = value.get();
        if (pesos.signum() >= 0 && pesos.stripTrailingZeros().scale() <= 0) {
            String whole = pesos.setScale(0).toPlainString();
            forms.add(whole);
            forms.add(whole + ".00");
        } else {
            forms.add(pesos.stripTrailingZeros().toPlainString());
        }
        for (JsonNode node : new JsonNode[] {amount, ammount}) {
            if (node.isTextual()) {
                forms.add(node.asText());
            }
        }
        return forms;
    }

    private static Optional<BigDecimal> decimal(JsonNode node) {
        if (node.isNumber()) {
            return Optional.of(node.decimalValue());
        }
        if (node.isTextual() && node.asText().matches("\\d{1,15}(\\.\\d{1,6})?")) {
            return Optional.of(new BigDecimal(node.asText()));
        }
        return Optional.empty();
    }

    private static Optional<UUID> uuid(String text) {
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String present(Optional<String> value) {
        return value.filter(v -> !v.isBlank()).orElse(null);
    }
}
