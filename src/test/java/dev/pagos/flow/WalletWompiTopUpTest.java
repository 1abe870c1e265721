package dev.pagos.flow;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pagos.exchange.ExchangeRates;
import dev.pagos.order.OrderStatus;
import dev.pagos.support.Api;
import dev.pagos.support.Database;
import dev.pagos.support.Orders;
import dev.pagos.support.PushClient;
import dev.pagos.support.Wallets;
import dev.pagos.support.WompiFake;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A COP top-up through Wompi's checkout: credited once, only on the transaction Wompi's API confirms (a duplicated or
 * repeated event, a different amount, a decline credit nothing more), and a void Wompi confirms afterwards takes it
 * back out of the wallet once.
 */
@QuarkusTest
@QuarkusTestResource(WompiFake.class)
class WalletWompiTopUpTest {

    private static final long AMOUNT = 5_000_000;

    @Inject
    ExchangeRates rates;

    private String buyer;

    @BeforeEach
    void fresh() {
        WompiFake.copPerUsdIs(4000, rates);
        buyer = "wompi-topup-" + UUID.randomUUID();
    }

    private UUID placeTopUp() {
        return UUID.fromString(Api.as(buyer).body("{\"topUp\":{\"amount\":" + AMOUNT + ",\"currency\":\"COP\"},"
                + "\"provider\":\"wompi\"}").post("/orders").then().statusCode(201).body("kind", equalTo("topup"))
                .body("provider", equalTo("wompi")).body("status", equalTo("PENDING")).extract().path("orderId"));
    }

    @Test
    void aTopUpWompiConfirmsIsCreditedOnceAndAVoidTakesItBackOnce() throws Exception {
        UUID orderId = placeTopUp();
        String transactionId = WompiFake.newTransactionId();
        try (PushClient browser = PushClient.connect(buyer)) {
            WompiFake.transaction(transactionId, "APPROVED", AMOUNT, "COP", orderId.toString());
            String approved = WompiFake.event(transactionId, "APPROVED", AMOUNT, orderId.toString(), WompiFake.now());
            WompiFake.deliver(approved).then().statusCode(200).body("result", equalTo("PROCESSED"));
            WompiFake.deliver(approved).then().statusCode(200).body("result", equalTo("DUPLICATE"));
            // Another event about the same payment (a retried confirmation): read again, nothing more credited.
            WompiFake.deliver(WompiFake.event(transactionId, "APPROVED", AMOUNT, orderId.toString(), WompiFake.now() + 1))
                    .then().statusCode(200);
            assertEquals(AMOUNT, browser.nextEvent("wallet_credited", Duration.ofSeconds(10)).path("data").path("amount")
                    .asLong());
        }
        assertEquals(OrderStatus.COMPLETED, Orders.status(orderId));
        assertEquals(AMOUNT, Wallets.balance(buyer, "COP"));
        assertEquals(1, Database.count("SELECT count(*) FROM journal_entries WHERE order_id = ? AND kind = 'topup'", orderId));
        // The buyer coming back from Wompi's page confirms the same payment: nothing more.
        Api.as(buyer).get("/payments/wompi/" + transactionId).then().statusCode(200).body("status", equalTo("COMPLETED"));
        assertEquals(AMOUNT, Wallets.balance(buyer, "COP"));

        WompiFake.transaction(transactionId, "VOIDED", AMOUNT, "COP", orderId.toString());
        WompiFake.deliver(WompiFake.event(transactionId, "VOIDED", AMOUNT, orderId.toString(), WompiFake.now() + 2))
                .then().statusCode(200);
        WompiFake.deliver(WompiFake.event(transactionId, "VOIDED", AMOUNT, orderId.toString(), WompiFake.now() + 3))
                .then().statusCode(200);
        assertEquals(OrderStatus.REFUNDED, Orders.status(orderId));
        assertEquals(0, Wallets.balance(buyer, "COP"));
        assertEquals(1, Database.count("SELECT count(*) FROM journal_entries WHERE order_id = ? AND kind = 'topup_refund'",
                orderId));
        Wallets.assertSound();
    }

    @Test
    void anAmountWompiDoesNotConfirmOrADeclineCreditsNothing() {
        UUID held = placeTopUp();
        String other = WompiFake.newTransactionId();
        WompiFake.transaction(other, "APPROVED", AMOUNT - 100, "COP", held.toString());
        WompiFake.deliver(WompiFake.event(other, "APPROVED", AMOUNT, held.toString(), WompiFake.now())).then().statusCode(200);
        assertEquals(OrderStatus.NEEDS_REVIEW, Orders.status(held));

        UUID declined = placeTopUp();
        String id = WompiFake.newTransactionId();
        WompiFake.transaction(id, "DECLINED", AMOUNT, "COP", declined.toString());
        WompiFake.deliver(WompiFake.event(id, "DECLINED", AMOUNT, declined.toString(), WompiFake.now())).then().statusCode(200);
        assertEquals(OrderStatus.FAILED, Orders.status(declined));

        assertEquals(0, Wallets.balance(buyer, "COP"));
        assertEquals(0, Wallets.entries(buyer));
        // Wompi charges pesos only.
        Api.as(buyer).body("{\"topUp\":{\"amount\":500,\"currency\":\"USD\"},\"provider\":\"wompi\"}").post("/orders")
                .then().statusCode(422).body("error.code", equalTo("UNSUPPORTED_PROVIDER"));
    }
}
