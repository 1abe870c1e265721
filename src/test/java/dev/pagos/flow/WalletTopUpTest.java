package dev.pagos.flow;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pagos.support.Api;
import dev.pagos.support.Database;
import dev.pagos.support.PaypalEvents;
import dev.pagos.support.PaypalFake;
import dev.pagos.support.PaypalOrders;
import dev.pagos.support.PushClient;
import dev.pagos.support.Wallets;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A top-up is an order of its own kind, credited to the wallet once, only when PayPal's API confirms the capture. */
@QuarkusTest
@QuarkusTestResource(PaypalFake.class)
class WalletTopUpTest {

    @BeforeEach
    void resetPaypal() {
        PaypalFake.resetStubs();
    }

    @Test
    void aConfirmedTopUpCreditsTheWalletOnceHoweverOftenItIsAnnounced() throws Exception {
        String buyer = "topup-" + UUID.randomUUID();
        try (PushClient browser = PushClient.connect(buyer)) {
            String id = Api.as(buyer).body("{\"topUp\":{\"amount\":2500,\"currency\":\"USD\"},\"provider\":\"paypal\"}")
                    .post("/orders").then().statusCode(201).body("status", equalTo("PENDING"))
                    .body("kind", equalTo("topup")).body("amount", equalTo(2500)).extract().path("orderId");
            UUID orderId = UUID.fromString(id);
            String paypalOrderId = "PP" + orderId;
            // Nothing is credited before the provider confirms.
            assertEquals(0, Wallets.balance(buyer, "USD"));

            PaypalOrders.approvedThenCapturedOnCapture(paypalOrderId, orderId, "25.00");
            byte[] approved = PaypalEvents.orderApproved(PaypalEvents.newEventId(), paypalOrderId, orderId, "25.00");
            PaypalEvents.deliver(approved).then().statusCode(200);
            // The same event again (a duplicate delivery), and another event about the same payment (a retried confirmation).
            PaypalEvents.deliver(approved).then().statusCode(200);
            PaypalEvents.deliver(PaypalEvents.orderApproved(PaypalEvents.newEventId(), paypalOrderId, orderId, "25.00"))
                    .then().statusCode(200);

            JsonNode credited = browser.nextEvent("wallet_credited", Duration.ofSeconds(10));
            assertNotNull(credited, "wallet_credited pushed");
            assertEquals(2500, credited.path("data").path("amount").asLong());
            assertEquals(2500, credited.path("data").path("balance").asLong());
            assertEquals("topup", credited.path("data").path("kind").asText());
            Api.as(buyer).get("/orders/" + orderId).then().statusCode(200).body("status", equalTo("COMPLETED"));
            assertEquals(2500, Wallets.balance(buyer, "USD"));
            assertEquals(1, Database.count("SELECT count(*) FROM journal_entries WHERE order_id = ?", orderId));
            assertEquals(0, Database.count("SELECT count(*) FROM acquisitions WHERE order_id = ?", orderId));
            Api.as(buyer).get("/me/wallet/entries").then().statusCode(200)
                    .body("entries[0].kind", equalTo("topup")).body("entries[0].orderId", equalTo(id));

            // Spend it from the wallet.
            String product = Wallets.product(2_000, "USD");
            Api.as(buyer).body("{\"productId\":\"" + product + "\",\"provider\":\"wallet\"}").post("/orders").then()
                    .statusCode(201).body("status", equalTo("COMPLETED"));
            JsonNode debited = browser.nextEvent("wallet_debited", Duration.ofSeconds(10));
            assertNotNull(debited, "wallet_debited pushed");
            assertEquals(500, debited.path("data").path("balance").asLong());
        }
        Wallets.assertSound();
    }

    @Test
    void aTopUpNeedsAProviderAnAmountAndACurrencyTheProviderTakes() {
        String buyer = "topup-bad-" + UUID.randomUUID();
        Api.as(buyer).body("{\"topUp\":{\"amount\":0,\"currency\":\"USD\"},\"provider\":\"paypal\"}").post("/orders").then()
                .statusCode(400);
        Api.as(buyer).body("{\"topUp\":{\"amount\":100,\"currency\":\"USD\"},\"provider\":\"wallet\"}").post("/orders").then()
                .statusCode(422).body("error.code", equalTo("UNSUPPORTED_PROVIDER"));
        Api.as(buyer).body("{\"topUp\":{\"amount\":100,\"currency\":\"COP\"},\"provider\":\"paypal\"}").post("/orders").then()
                .statusCode(422);
        assertEquals(0, Database.count("SELECT count(*) FROM orders WHERE user_id = ?", buyer));
    }
}
