package dev.pagos.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.UUID;

/**
 * A queued renewal: the subscription and the claim token of the dispatch that enqueued it. Nothing else travels:
 * the worker reads the subscription's current state, so a message never carries a stale amount or status.
 */
record RenewalMessage(UUID subscriptionId, UUID claimToken) {

    private static final ObjectMapper JSON = new ObjectMapper();

    String body() {
        return JSON.createObjectNode().put("subscription_id", subscriptionId.toString())
                .put("claim_token", claimToken.toString()).toString();
    }

    /** @throws IllegalArgumentException for a body that is not one of ours (it ends in the dead-letter queue) */
    static RenewalMessage parse(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            return new RenewalMessage(UUID.fromString(json.path("subscription_id").asText()),
                    UUID.fromString(json.path("claim_token").asText()));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a renewal message: " + e.getMessage(), e);
        }
    }
}
