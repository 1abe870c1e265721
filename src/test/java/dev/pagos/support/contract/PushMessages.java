package dev.pagos.support.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Holds the WebSocket messages a test receives to openapi.yaml's {@code PushMessage} schema (called by
 * {@link dev.pagos.support.PushClient}). Transport tests push placeholder data of their own through PushService
 * ({@code "orderId": "o-1"}); every message about a real order or subscription (an order id that is a UUID, or a
 * subscription id) is checked.
 */
public final class PushMessages {

    private static final OpenApiContract CONTRACT = OpenApiContract.repository();
    static final AtomicLong VALIDATED = (AtomicLong) System.getProperties()
            .computeIfAbsent("pagos.contract.pushes", k -> new AtomicLong());

    private PushMessages() {
    }

    public static void check(JsonNode message) {
        if (message == null || !aboutARealRow(message.path("data"))) {
            return;
        }
        List<String> problems = CONTRACT.checkSchema("PushMessage", message);
        if (!problems.isEmpty()) {
            throw new AssertionError("The push is not what openapi.yaml says: " + message + "\n  "
                    + String.join("\n  ", problems));
        }
        VALIDATED.incrementAndGet();
    }

    private static boolean aboutARealRow(JsonNode data) {
        if (data.hasNonNull("subscription_id")) {
            return true;
        }
        try {
            UUID.fromString(data.path("orderId").asText(""));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
