package dev.pagos.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagos.provider.PaymentEvent;
import dev.pagos.provider.ProviderName;
import dev.pagos.support.Database;
import dev.pagos.support.Orders;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The inbox never keeps an event that can only fail again, and a delivery id carries one body only. */
@QuarkusTest
class WebhookInboxTest {

    @Inject
    WebhookInbox inbox;

    private static PaymentEvent event(String deliveryId, String eventId) {
        return new PaymentEvent(ProviderName.PAYPAL, deliveryId, eventId, "PAYMENT.CAPTURE.COMPLETED",
                PaymentEvent.Kind.CAPTURE_COMPLETED, new PaymentEvent.Unrelated());
    }

    @Test
    void anEventThatKeepsFailingIsAbandonedAfterItsLastAttemptAndThenIsADuplicate() {
        String eventId = "WH-" + UUID.randomUUID();
        PaymentEvent event = event(null, eventId);
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        for (int attempt = 1; attempt < 3; attempt++) {
            assertEquals(WebhookInbox.Claim.CLAIMED, inbox.claim(event, body));
            assertFalse(inbox.released("paypal", eventId, "IllegalStateException", 3), "attempt " + attempt + " may be retried");
            assertEquals(null, Orders.inboxEvent(eventId).processedAt);
        }
        assertEquals(WebhookInbox.Claim.CLAIMED, inbox.claim(event, body));
        assertTrue(inbox.released("paypal", eventId, "IllegalStateException", 3), "the third failure abandons it");
        InboxEvent abandoned = Orders.inboxEvent(eventId);
        assertNotNull(abandoned.processedAt);
        assertTrue(abandoned.outcome.startsWith("abandoned after 3 attempts"), abandoned.outcome);
        assertEquals(WebhookInbox.Claim.DUPLICATE, inbox.claim(event, body));
    }

    @Test
    void aDeliveryIdCarriesOneBodyAndIsRefusedWithAnotherWithoutWritingAnything() {
        String deliveryId = "tx-" + UUID.randomUUID();
        assertEquals(WebhookInbox.Claim.CLAIMED, inbox.claim(event(deliveryId, "WH-A-" + deliveryId), "{\"a\":1}".getBytes()));
        inbox.processed("paypal", "WH-A-" + deliveryId, "done");
        assertEquals(WebhookInbox.Claim.DUPLICATE, inbox.claim(event(deliveryId, "WH-A-" + deliveryId), "{\"a\":1}".getBytes()));

        assertThrows(WebhookInbox.ReusedDeliveryException.class,
                () -> inbox.claim(event(deliveryId, "WH-B-" + deliveryId), "{\"b\":2}".getBytes()));
        assertEquals(0, Database.count("SELECT count(*) FROM webhook_inbox WHERE event_id = ?", "WH-B-" + deliveryId));
        assertEquals(1, Database.count("SELECT count(*) FROM webhook_deliveries WHERE delivery_id = ?", deliveryId));
    }
}
