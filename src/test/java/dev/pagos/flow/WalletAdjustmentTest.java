package dev.pagos.flow;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pagos.support.Api;
import dev.pagos.support.Database;
import dev.pagos.support.PushClient;
import dev.pagos.support.Tokens;
import dev.pagos.support.Wallets;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** POST /admin/wallets/{userId}/adjustments: admins only, audited (who, when, why), once per key, never below zero. */
@QuarkusTest
class WalletAdjustmentTest {

    private String buyer;

    @BeforeEach
    void buyer() {
        buyer = "adjusted-" + UUID.randomUUID();
    }

    private static RequestSpecification admin(String key) {
        return Api.anonymous().header("Authorization", "Bearer " + Tokens.admin("admin-7")).header("Idempotency-Key", key);
    }

    private static String body(long amount, String reason) {
        return "{\"currency\":\"COP\",\"amount_minor\":" + amount + ",\"reason\":\"" + reason + "\"}";
    }

    @Test
    void anAdminsCreditIsPostedOnceWithWhoAndWhyAndPushed() throws Exception {
        try (PushClient push = PushClient.connect(buyer)) {
            String key = UUID.randomUUID().toString();
            admin(key).body(body(250_000, "goodwill for the outage")).post("/admin/wallets/" + buyer + "/adjustments")
                    .then().statusCode(201).body("kind", equalTo("adjustment")).body("amount", equalTo(250_000))
                    .body("balanceAfter", equalTo(250_000)).body("actor", equalTo("admin-7"))
                    .body("reason", equalTo("goodwill for the outage"));
            // A retry (same key, same body) replays the answer and posts nothing more.
            admin(key).body(body(250_000, "goodwill for the outage")).post("/admin/wallets/" + buyer + "/adjustments")
                    .then().statusCode(201).header("Idempotent-Replayed", "true");

            assertEquals(250_000, Wallets.balance(buyer, "COP"));
            assertEquals(1, Database.count("SELECT count(*) FROM journal_entries WHERE user_id = ? AND kind = 'adjustment'"
                    + " AND actor = 'admin-7' AND reason = 'goodwill for the outage' AND created_at IS NOT NULL", buyer));
            assertEquals("wallet_credited", push.nextEvent("wallet_credited", Duration.ofSeconds(10)).path("event").asText());
            Api.as(buyer).get("/me/wallet/entries").then().statusCode(200).body("entries[0].actor", equalTo("admin-7"));
        }
        Wallets.assertSound();
    }

    @Test
    void aDebitTheBalanceDoesNotCoverIsRefusedAndWritesNothing() {
        Wallets.credit(buyer, "COP", 10_000);
        admin(UUID.randomUUID().toString()).body(body(-10_001, "chargeback")).post("/admin/wallets/" + buyer + "/adjustments")
                .then().statusCode(402).body("error.code", equalTo("INSUFFICIENT_FUNDS"));
        assertEquals(10_000, Wallets.balance(buyer, "COP"));
        assertEquals(1, Wallets.entries(buyer));

        admin(UUID.randomUUID().toString()).body(body(-10_000, "chargeback")).post("/admin/wallets/" + buyer + "/adjustments")
                .then().statusCode(201).body("amount", equalTo(-10_000)).body("balanceAfter", equalTo(0));
        assertEquals(0, Wallets.balance(buyer, "COP"));
        Wallets.assertSound();
    }

    @Test
    void onlyAdminsAdjustAndBadInputChangesNothing() {
        Api.as(buyer).header("Idempotency-Key", "k1").body(body(1_000_000, "I deserve it"))
                .post("/admin/wallets/" + buyer + "/adjustments").then().statusCode(403).body("error.code", equalTo("FORBIDDEN"));
        Api.anonymous().header("Idempotency-Key", "k2").body(body(1_000, "x")).post("/admin/wallets/" + buyer + "/adjustments")
                .then().statusCode(401);
        String path = "/admin/wallets/" + buyer + "/adjustments";
        Api.anonymous().header("Authorization", "Bearer " + Tokens.admin("admin-7")).body(body(1_000, "no key"))
                .post(path).then().statusCode(400).body("error.code", equalTo("INVALID_REQUEST"));
        admin(UUID.randomUUID().toString()).body(body(0, "zero")).post(path).then().statusCode(400);
        admin(UUID.randomUUID().toString()).body(body(1_000, " ")).post(path).then().statusCode(400);
        admin(UUID.randomUUID().toString()).body("{\"currency\":\"EUR\",\"amount_minor\":1000,\"reason\":\"x\"}")
                .post(path).then().statusCode(400);
        admin(UUID.randomUUID().toString()).body("{\"amount_minor\":1000,\"reason\":\"x\"}").post(path).then().statusCode(400);
        admin(UUID.randomUUID().toString()).body(body(100_000_000_001L, "too much")).post(path).then().statusCode(400);
        assertEquals(0, Wallets.entries(buyer));
    }
}
