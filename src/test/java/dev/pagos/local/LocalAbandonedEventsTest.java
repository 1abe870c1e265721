package dev.pagos.local;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagos.provider.WebhookRejectedException;
import dev.pagos.support.Orders;
import dev.pagos.support.WompiFake;
import dev.pagos.webhook.InboxEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Local mode's stand-in for an event Pagos gave up on (the Wompi simulator's third button): it must be trusted only
 * as a delivery is, end as the pipeline ends an event that kept failing, and apply nothing.
 */
@QuarkusTest
@QuarkusTestResource(WompiFake.class)
class LocalAbandonedEventsTest {

    @Inject
    LocalAbandonedEvents abandonedEvents;

    @Test
    void aVerifiedEventEndsAbandonedAfterTheAllowedAttemptsAndNothingIsApplied() {
        String transaction = WompiFake.newTransactionId();
        String body = WompiFake.event(transaction, "APPROVED", 41_580_000, UUID.randomUUID().toString(), WompiFake.now());

        String eventId = abandonedEvents.abandon("wompi", Map.of(), body.getBytes(StandardCharsets.UTF_8));

        InboxEvent event = Orders.inboxEvent(eventId);
        assertNotNull(event.processedAt);
        assertEquals(5, event.attempts);
        assertTrue(event.outcome.startsWith("abandoned after 5 attempts: " + LocalAbandonedEvents.REASON), event.outcome);
        // Applying it would have read the transaction from Wompi first.
        assertEquals(0, WompiFake.server().findAll(getRequestedFor(urlPathEqualTo("/v1/transactions/" + transaction))).size());
    }

    @Test
    void aForgedEventIsRefusedAndNothingIsRecorded() {
        String transaction = WompiFake.newTransactionId();
        String forged = WompiFake.event(transaction, "APPROVED", 100, UUID.randomUUID().toString(), WompiFake.now(),
                "not-the-events-secret");

        assertThrows(WebhookRejectedException.class,
                () -> abandonedEvents.abandon("wompi", Map.of(), forged.getBytes(StandardCharsets.UTF_8)));
        assertEquals(0, Orders.inboxSizeLike(transaction));
    }

    @Test
    void anEventAlreadyInTheInboxIsLeftAsItIs() {
        String transaction = WompiFake.newTransactionId();
        String body = WompiFake.event(transaction, "APPROVED", 100, UUID.randomUUID().toString(), WompiFake.now());
        String eventId = abandonedEvents.abandon("wompi", Map.of(), body.getBytes(StandardCharsets.UTF_8));
        InboxEvent before = Orders.inboxEvent(eventId);

        assertThrows(IllegalStateException.class,
                () -> abandonedEvents.abandon("wompi", Map.of(), body.getBytes(StandardCharsets.UTF_8)));
        InboxEvent after = Orders.inboxEvent(eventId);
        assertEquals(before.attempts, after.attempts);
        assertEquals(before.outcome, after.outcome);
        assertNull(after.leaseUntil);
    }
}
