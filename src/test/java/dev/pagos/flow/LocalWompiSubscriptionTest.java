package dev.pagos.flow;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.pagos.support.Api;
import dev.pagos.support.PushClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Local mode with no Wompi account: the demo page's path through the built-in simulator. The card is tokenized as a
 * browser does (public key, straight to the simulator), the subscription is made with the token, and the simulator's
 * signed event activates it (or fails it, for the declining card). Nothing here is faked by the test.
 */
@QuarkusTest
@TestProfile(LocalWompiSubscriptionTest.WompiSimulatorMode.class)
class LocalWompiSubscriptionTest {

    public static class WompiSimulatorMode implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "pagos.wompi.mode", "simulator",
                    "pagos.wompi.public-key", "pub_test_local",
                    "pagos.wompi.private-key", "prv_test_local",
                    "pagos.wompi.events-secret", "test_events_local",
                    "pagos.wompi.integrity-secret", "test_integrity_local",
                    "pagos.exchange-rate.url", "http://localhost:9/unreachable",
                    "pagos.public-base-url", "http://localhost:${quarkus.http.test-port}");
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    private static String tokenizeInTheBrowser(String number) {
        JsonPath config = RestAssured.given().port(Api.port()).get("/wompi-simulator/config").then().statusCode(200)
                .extract().jsonPath();
        return RestAssured.given().contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + config.getString("publicKey"))
                .body("{\"number\":\"" + number + "\",\"cvc\":\"123\",\"exp_month\":\"12\",\"exp_year\":\"30\","
                        + "\"card_holder\":\"JOHN DOE\"}")
                .post(config.getString("apiBase") + "/tokens/cards").then().statusCode(200)
                .extract().path("data.id");
    }

    private static String subscribe(String user, String workspace, String token) {
        return Api.as(user).body("""
                {"workspace_id":"%s","owner_email":"owner@example.com","plan_id":"business","free_assistant_id":1,
                 "paid_assistant_ids":[2],"addons":[{"id":1,"quantity":1,"bot_flow_ns":"f1"}],"card_token":"%s"}"""
                .formatted(workspace, token)).post("/subscriptions").then().statusCode(202)
                .body("status", equalTo("PENDING")).extract().path("subscription_id");
    }

    @Test
    void aCardTokenizedInTheBrowserSubscribesAndTheSimulatorsEventActivatesIt() throws Exception {
        String user = "local-" + UUID.randomUUID();
        String workspace = "ws-" + UUID.randomUUID();
        try (PushClient browser = PushClient.connect(user)) {
            subscribe(user, workspace, tokenizeInTheBrowser("4242424242424242"));
            assertNotNull(browser.nextEvent("subscription_activated", Duration.ofSeconds(15)), "activated by the event");
        }
        Api.as(user).get("/subscriptions/" + workspace).then().statusCode(200).body("status", equalTo("ACTIVE"))
                .body("paid_assistant_ids[0]", equalTo(2)).body("addons[0].bot_flow_ns", equalTo("f1"));
    }

    @Test
    void theDecliningSandboxCardFailsTheSubscription() throws Exception {
        String user = "local-" + UUID.randomUUID();
        String workspace = "ws-" + UUID.randomUUID();
        try (PushClient browser = PushClient.connect(user)) {
            subscribe(user, workspace, tokenizeInTheBrowser("4111111111111111"));
            assertNotNull(browser.nextEvent("subscription_failed", Duration.ofSeconds(15)), "failed by the event");
        }
        assertEquals("FAILED", Api.as(user).get("/subscriptions/" + workspace).then().extract().path("status"));
    }
}
