package dev.pagos.flow;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pagos.support.Api;
import dev.pagos.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A deployment without Wompi (template.yaml's WompiSecretArn left empty, so no WOMPI_* keys): Pagos starts, still
 * prices plans, and answers provider "wompi" as one it does not offer, writing nothing; Wompi events are refused.
 */
@QuarkusTest
@TestProfile(DeployWithoutWompiTest.NoWompiKeys.class)
class DeployWithoutWompiTest {

    public static class NoWompiKeys implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "pagos.wompi.mode", "production",
                    "pagos.wompi.public-key", "",
                    "pagos.wompi.private-key", "",
                    "pagos.wompi.events-secret", "",
                    "pagos.wompi.integrity-secret", "",
                    "pagos.exchange-rate.url", "http://localhost:${quarkus.http.test-port}/no-rate-source");
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    @Test
    void wompiIsNotOfferedAndNothingIsWritten() {
        String buyer = "no-wompi-" + UUID.randomUUID();
        Api.as(buyer).body("{\"provider\":\"wompi\",\"plan\":\"business\"}").post("/orders").then().statusCode(422)
                .body("error.code", equalTo("UNSUPPORTED_PROVIDER"));
        Api.as(buyer).get("/payments/wompi/12345-abc").then().statusCode(422)
                .body("error.code", equalTo("UNSUPPORTED_PROVIDER"));
        Api.anonymous().body("{\"event\":\"transaction.updated\",\"data\":{},\"signature\":{\"properties\":[\"transaction.id\"],"
                + "\"checksum\":\"00\"},\"timestamp\":1}").post("/webhooks/wompi").then().statusCode(401);
        assertEquals(0, Database.count("SELECT count(*) FROM orders WHERE user_id = ?", buyer));
        Api.anonymous().body("{\"plan\":\"business\"}").post("/quotes").then().statusCode(200)
                .body("exchangeRateOrigin", equalTo("fallback"));
    }

    /** No PaymentsWaySecretArn either (no PAYMENTSWAY_* ids or key): not offered, its notifications refused. */
    @Test
    void paymentsWayIsNotOfferedWithoutItsSecretAndNothingIsWritten() {
        String buyer = "no-paymentsway-" + UUID.randomUUID();
        Api.as(buyer).body("{\"provider\":\"paymentsway\",\"plan\":\"business\"}").post("/orders").then()
                .statusCode(422).body("error.code", equalTo("UNSUPPORTED_PROVIDER"));
        Api.anonymous().body("{\"id\":\"1\",\"externalorder\":\"" + UUID.randomUUID() + "\",\"amount\":1,"
                + "\"idstatus\":{\"id\":34},\"checksum\":\"00\"}").post("/webhooks/paymentsway").then().statusCode(401);
        Api.anonymous().get("/checkout/paymentsway/" + UUID.randomUUID()).then().statusCode(404);
        assertEquals(0, Database.count("SELECT count(*) FROM orders WHERE user_id = ?", buyer));
    }
}
