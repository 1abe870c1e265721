package dev.pagos.flow;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pagos.support.Orders;
import dev.pagos.support.PaypalEvents;
import dev.pagos.support.WompiFake;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A webhook body is read as strictly as any request body, for every provider, before anything is recorded: one JSON
 * object, each member named once, nothing after it; and no invisible format or bidirectional characters in the
 * identifiers and statuses an event carries.
 */
@QuarkusTest
@QuarkusTestResource(WompiFake.class)
class WebhookStrictnessTest {

    private static String wompiEvent(String status) {
        return WompiFake.event(WompiFake.newTransactionId(), status, 2_500_000, "order-" + UUID.randomUUID(), WompiFake.now());
    }

    /** The last closing brace of a JSON object replaced by {@code more} and the brace. */
    private static String withMembers(String json, String more) {
        int end = json.lastIndexOf('}');
        return json.substring(0, end) + "," + more + "}";
    }

    @Test
    void aStrictlyWellFormedEventIsStillAccepted() {
        long inbox = Orders.inboxSize();
        WompiFake.deliver(wompiEvent("APPROVED")).then().statusCode(200);
        assertEquals(inbox + 1, Orders.inboxSize());
    }

    @ParameterizedTest
    @ValueSource(strings = {"second signature", "second data", "trailing bytes", "second object", "second event"})
    void aWompiEventThatIsNotOneStrictJsonObjectIsRefusedAndRecordsNothing(String variant) {
        String event = wompiEvent("APPROVED");
        String body = switch (variant) {
            case "second signature" -> withMembers(event, "\"signature\":{\"properties\":[\"transaction.id\"],\"checksum\":\"00\"}");
            case "second data" -> withMembers(event, "\"data\":{\"transaction\":{\"id\":\"other\",\"reference\":\"x\"}}");
            case "trailing bytes" -> event + " trailing";
            case "second object" -> event + "{}";
            default -> withMembers(event, "\"event\":\"nequi_token.updated\"");
        };
        long inbox = Orders.inboxSize();
        WompiFake.deliver(body).then().statusCode(400).body("error.code", equalTo("INVALID_REQUEST"));
        assertEquals(inbox, Orders.inboxSize());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u202e", "\u2066", "\u200f", "\u200b", "\ufeff", "\u00ad"})
    void anInvisibleFormatCharacterInASignedStatusIsRefusedAndRecordsNothing(String invisible) {
        long inbox = Orders.inboxSize();
        WompiFake.deliver(wompiEvent("APPROVED" + invisible)).then().statusCode(401);
        assertEquals(inbox, Orders.inboxSize());
        assertEquals(0, Orders.inboxSizeLike(invisible));
    }

    @Test
    void aPaypalEventThatIsNotOneStrictJsonObjectIsRefusedAndRecordsNothing() {
        String valid = new String(PaypalEvents.capture("PAYMENT.CAPTURE.COMPLETED", PaypalEvents.newEventId(), "CAP-STRICT",
                "COMPLETED", "PP-STRICT", UUID.randomUUID(), "25.00"), StandardCharsets.UTF_8);
        long inbox = Orders.inboxSize();
        for (String body : List.of(withMembers(valid, "\"resource\":{\"id\":\"CAP-OTHER\"}"),
                withMembers(valid, "\"id\":\"WH-OTHER\""), valid + "x", valid + "{}")) {
            PaypalEvents.deliver(body.getBytes(StandardCharsets.UTF_8)).then().statusCode(400)
                    .body("error.code", equalTo("INVALID_REQUEST"));
        }
        assertEquals(inbox, Orders.inboxSize());
    }

    @Test
    void anInvisibleFormatCharacterInAPaypalEventIdIsRefused() {
        String body = new String(PaypalEvents.capture("PAYMENT.CAPTURE.COMPLETED", "WH-\u202eRTL-" + UUID.randomUUID(),
                "CAP-RTL", "COMPLETED", "PP-RTL", UUID.randomUUID(), "25.00"), StandardCharsets.UTF_8);
        long inbox = Orders.inboxSize();
        PaypalEvents.deliver(body.getBytes(StandardCharsets.UTF_8)).then().statusCode(400)
                .body("error.code", equalTo("INVALID_REQUEST"));
        assertEquals(inbox, Orders.inboxSize());
    }
}
