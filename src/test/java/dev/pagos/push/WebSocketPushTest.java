package dev.pagos.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pagos.function.Routes;
import dev.pagos.support.PushClient;
import dev.pagos.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Push over the API Gateway WebSocket protocol, through the local gateway and the real $connect/$disconnect functions. */
@QuarkusTest
class WebSocketPushTest {

    private static final Path AWS_EVENTS = Path.of("..", "shared", "contracts", "aws", "apigw-websocket-events");

    @Inject
    PushService push;

    @Inject
    ConnectionRegistry registry;

    @Inject
    @Named(Routes.WS_CONNECT)
    RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> connect;

    @Inject
    @Named(Routes.WS_DISCONNECT)
    RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> disconnect;

    @Test
    void everyConnectionOfTheUserGetsTheEventAndNoOneElse() throws Exception {
        String user = "user-" + UUID.randomUUID();
        try (PushClient phone = PushClient.connect(user); PushClient laptop = PushClient.connect(user);
                PushClient stranger = PushClient.connect("other-" + UUID.randomUUID())) {
            awaitConnections(user, 2);
            assertEquals(2, push.sendToUser(user, "payment_processing", Map.of("orderId", "o-1")));
            assertEquals("o-1", phone.nextEvent("payment_processing", Duration.ofSeconds(5)).path("data").path("orderId").asText());
            assertNotNull(laptop.nextEvent("payment_processing", Duration.ofSeconds(5)));
            assertEquals(null, stranger.next(Duration.ofMillis(300)));
        }
    }

    @Test
    void connectionWithoutAValidTokenIsRefused() {
        CompletionException refused = assertThrows(CompletionException.class, () -> PushClient.connectWithToken("nonsense"));
        WebSocketHandshakeException handshake = assertInstanceOf(WebSocketHandshakeException.class, refused.getCause());
        assertEquals(401, handshake.getResponse().statusCode());
        CompletionException expired = assertThrows(CompletionException.class,
                () -> PushClient.connectWithToken(Tokens.expired("someone")));
        assertInstanceOf(WebSocketHandshakeException.class, expired.getCause());
    }

    @Test
    void closingTheSocketForgetsTheConnection() throws Exception {
        String user = "user-" + UUID.randomUUID();
        PushClient client = PushClient.connect(user);
        awaitConnections(user, 1);
        client.close();
        awaitConnections(user, 0);
    }

    @Test
    void goneConnectionIsDeletedAndTheLiveOneStillServed() throws Exception {
        String user = "user-" + UUID.randomUUID();
        registry.connected("StaleConnId0=", user);
        try (PushClient live = PushClient.connect(user)) {
            awaitConnections(user, 2);
            assertEquals(1, push.sendToUser(user, "payment_completed", Map.of("orderId", "o-2")));
            assertNotNull(live.nextEvent("payment_completed", Duration.ofSeconds(5)));
            assertFalse(registry.connectionsOf(user).contains("StaleConnId0="), "410 Gone removes that connection");
            assertEquals(1, registry.connectionsOf(user).size(), "and only that one");
        }
    }

    @Test
    void connectFunctionAcceptsApiGatewaysOwnEventShape() throws Exception {
        Path sample = AWS_EVENTS.resolve("aws-lambda-go_apigw-websocket-request.json");
        assumeTrue(Files.exists(sample), "shared/contracts AWS WebSocket sample events are absent; skipping conformance");
        ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        ObjectNode raw = (ObjectNode) json.readTree(Files.readAllBytes(sample));
        String user = "aws-" + UUID.randomUUID();
        String connectionId = "conn-" + UUID.randomUUID();
        ((ObjectNode) raw.path("requestContext")).put("routeKey", "$connect").put("eventType", "CONNECT")
                .put("connectionId", connectionId);
        raw.putObject("queryStringParameters").put("token", Tokens.valid(user));
        APIGatewayV2WebSocketEvent event = json.treeToValue(raw, APIGatewayV2WebSocketEvent.class);

        assertEquals(200, connect.handleRequest(event, null).getStatusCode());
        assertEquals(java.util.List.of(connectionId), registry.connectionsOf(user));

        raw.putObject("queryStringParameters").put("token", Tokens.wrongIssuer(user));
        ((ObjectNode) raw.path("requestContext")).put("connectionId", "conn-refused");
        assertEquals(401, connect.handleRequest(json.treeToValue(raw, APIGatewayV2WebSocketEvent.class), null).getStatusCode());

        Path disconnectSample = AWS_EVENTS.resolve("aws-lambda-go_apigw-websocket-request-disconnect.json");
        ObjectNode rawDisconnect = (ObjectNode) json.readTree(Files.readAllBytes(disconnectSample));
        ((ObjectNode) rawDisconnect.path("requestContext")).put("connectionId", connectionId);
        assertEquals(200, disconnect.handleRequest(json.treeToValue(rawDisconnect, APIGatewayV2WebSocketEvent.class), null)
                .getStatusCode());
        assertTrue(registry.connectionsOf(user).isEmpty());
    }

    private void awaitConnections(String user, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (registry.connectionsOf(user).size() != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(expected, registry.connectionsOf(user).size());
    }
}
