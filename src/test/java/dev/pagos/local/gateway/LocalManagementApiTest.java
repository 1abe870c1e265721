package dev.pagos.local.gateway;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.pagos.push.ConnectionRegistry;
import dev.pagos.push.ConnectionsApi;
import dev.pagos.push.PushService;
import dev.pagos.support.Api;
import dev.pagos.support.PushClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The local stand-in for API Gateway's Management API only takes pushes from our own {@link ConnectionsApi}:
 * anyone else on the machine who learns a connection id cannot write to that user's socket.
 */
@QuarkusTest
class LocalManagementApiTest {

    private static final String FORGED = "{\"event\":\"payment_completed\",\"data\":{\"orderId\":\"forged\"}}";

    @Inject
    ConnectionRegistry registry;

    @Inject
    PushService push;

    @Test
    void aPushWithoutTheGatewayCredentialIsForbiddenAndNeverDelivered() throws Exception {
        String user = "user-" + UUID.randomUUID();
        try (PushClient browser = PushClient.connect(user)) {
            String connectionId = awaitConnection(user);
            String path = "/ws-api/@connections/" + URLEncoder.encode(connectionId, StandardCharsets.UTF_8);

            RestAssured.given().port(Api.port()).urlEncodingEnabled(false).body(FORGED).post(path).then().statusCode(403)
                    .header("content-type", equalTo("application/json"))
                    .body("error.code", equalTo("FORBIDDEN"));
            RestAssured.given().port(Api.port()).urlEncodingEnabled(false).header(LocalGatewayCredential.HEADER, "guessed").body(FORGED)
                    .post(path).then().statusCode(403).body("error.code", equalTo("FORBIDDEN"));
            assertNull(browser.next(Duration.ofMillis(500)), "nothing reaches the socket");

            assertEquals(1, push.sendToUser(user, "payment_processing", Map.of("orderId", "real")));
            assertNotNull(browser.nextEvent("payment_processing", Duration.ofSeconds(5)), "our own client still pushes");
        }
    }

    private String awaitConnection(String user) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (registry.connectionsOf(user).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(1, registry.connectionsOf(user).size());
        return registry.connectionsOf(user).get(0);
    }
}
