package dev.pagos.flow;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.pagos.billing.Renewals;
import dev.pagos.exchange.ExchangeRates;
import dev.pagos.support.Api;
import dev.pagos.support.Database;
import dev.pagos.support.MutableClock;
import dev.pagos.support.PushClient;
import dev.pagos.support.Subscriptions;
import dev.pagos.support.Subscriptions.ChargeRow;
import dev.pagos.support.Wallets;
import dev.pagos.support.WompiFake;
import dev.pagos.support.WompiRecurringFake;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Subscriptions that pay from the owner's COP wallet ("wallet", or "wallet_then_card"): the first charge and each
 * renewal debit the wallet in the transaction that approves the charge and advances the period, once per period
 * however often billing runs; a period the wallet cannot cover falls to the card, or into dunning. Rate 4000 COP/USD:
 * the seed's selection is 748,000 COP a month.
 */
@QuarkusTest
@QuarkusTestResource(WompiFake.class)
class SubscriptionWalletTest {

    private static final long PRICE_COP = 74_800_000;
    private static final MutableClock CLOCK = MutableClock.INSTANCE;

    @Inject
    Renewals renewals;

    @Inject
    ExchangeRates rates;

    private String owner;
    private String workspace;

    @BeforeEach
    void fresh() {
        CLOCK.reset();
        WompiFake.copPerUsdIs(4000, rates);
        owner = "wallet-subscriber-" + UUID.randomUUID();
        workspace = "ws-" + UUID.randomUUID();
    }

    @AfterEach
    void realTime() {
        CLOCK.reset();
    }

    /** The seed's payload without a card, paying from the wallet. */
    private String walletOnly() {
        return """
                {"workspace_id":"%s","workspace_name":"Mi Empresa","owner_email":"owner@example.com",
                 "plan_id":"business","free_assistant_id":1,"paid_assistant_ids":[2,3],
                 "addons":[{"id":1,"quantity":2,"botFlowNs":"flow123"}],"payment_method":"wallet"}""".formatted(workspace);
    }

    private String withChoice(String choice) {
        String payload = Subscriptions.payload(workspace, Subscriptions.APPROVING_CARD);
        return payload.substring(0, payload.lastIndexOf('}')) + ",\"payment_method\":\"" + choice + "\"}";
    }

    private long renewalEntries(String subscriptionId) {
        return Database.count("SELECT count(*) FROM journal_entries e JOIN charges c ON c.id = e.charge_id"
                + " WHERE c.subscription_id = ? AND e.kind = 'renewal'", UUID.fromString(subscriptionId));
    }

    private Instant periodEnd() {
        return Instant.parse(Subscriptions.get(owner, workspace).getString("current_period_end"));
    }

    @Test
    void aWalletSubscriptionPaysEachPeriodFromTheWalletOnceThenFallsIntoDunning() throws Exception {
        Wallets.credit(owner, "COP", 2 * PRICE_COP);
        String body = walletOnly();
        String id;
        try (PushClient push = PushClient.connect(owner)) {
            id = Api.as(owner).body(body).post("/subscriptions").then().statusCode(202)
                    .body("status", equalTo("ACTIVE")).body("payment_method", equalTo("wallet"))
                    .body("card_last_four", equalTo(null)).extract().path("subscription_id");
            assertEquals("wallet_debited", push.nextEvent("wallet_debited", Duration.ofSeconds(10)).path("event").asText());
        }
        assertEquals(PRICE_COP, Wallets.balance(owner, "COP"));
        assertNull(Subscriptions.paymentSource(id), "no card was needed");

        // The renewal, with four billing runs racing for it: one charge, one entry.
        CLOCK.setTo(periodEnd().plusSeconds(60));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    Subscriptions.runBilling(renewals);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdownNow();
        }
        renewals.runNow(UUID.fromString(id));
        Subscriptions.runBilling(renewals);

        assertEquals(0, Wallets.balance(owner, "COP"));
        assertEquals(2, renewalEntries(id));
        List<ChargeRow> charges = Subscriptions.charges(id);
        assertEquals(List.of("APPROVED", "APPROVED"), charges.stream().map(ChargeRow::status).toList());
        assertEquals("ACTIVE", Subscriptions.get(owner, workspace).getString("status"));

        // The next period: an empty wallet and no card, so the renewal is declined and dunning starts.
        CLOCK.setTo(periodEnd().plusSeconds(60));
        Subscriptions.runBilling(renewals);
        assertEquals("PAST_DUE", Subscriptions.get(owner, workspace).getString("status"));
        assertEquals("DECLINED", Subscriptions.lastCharge(id).status());
        assertEquals(2, renewalEntries(id));
        // Money arrives; the dunning retry pays from the wallet.
        Wallets.credit(owner, "COP", PRICE_COP);
        CLOCK.setTo(Subscriptions.nextActionAt(id).plusSeconds(60));
        Subscriptions.runBilling(renewals);
        assertEquals("ACTIVE", Subscriptions.get(owner, workspace).getString("status"));
        assertEquals(3, renewalEntries(id));
        assertEquals(0, Wallets.balance(owner, "COP"));
        Wallets.assertSound();
    }

    @Test
    void aFirstChargeTheWalletCannotCoverFailsTheWalletOnlySubscriptionAndTakesNothing() {
        Wallets.credit(owner, "COP", PRICE_COP - 1);
        Api.as(owner).body(walletOnly()).post("/subscriptions").then().statusCode(202).body("status", equalTo("FAILED"));
        assertEquals(PRICE_COP - 1, Wallets.balance(owner, "COP"));
        assertEquals(1, Wallets.entries(owner));
        Wallets.assertSound();
    }

    @Test
    void walletThenCardChargesTheCardWhenTheWalletIsShortAndTheWalletWhenItCovers() {
        Wallets.credit(owner, "COP", 1_000);
        String id = Api.as(owner).body(withChoice("wallet_then_card")).post("/subscriptions").then().statusCode(202)
                .body("payment_method", equalTo("wallet_then_card")).extract().path("subscription_id");
        // The wallet was short: the card was charged (Wompi's answer comes by event, as for any card).
        ChargeRow first = Subscriptions.lastCharge(id);
        WompiFake.deliver(WompiFake.event(first.providerPaymentId(), "APPROVED", first.amount(), "charge-" + first.id(),
                CLOCK.instant().getEpochSecond())).then().statusCode(200);
        assertEquals("ACTIVE", Subscriptions.get(owner, workspace).getString("status"));
        assertEquals(1_000, Wallets.balance(owner, "COP"));
        assertEquals(1, WompiRecurringFake.transactionsOf(Subscriptions.paymentSource(id)).size());

        Wallets.credit(owner, "COP", PRICE_COP);
        CLOCK.setTo(periodEnd().plusSeconds(60));
        Subscriptions.runBilling(renewals);
        assertEquals("ACTIVE", Subscriptions.get(owner, workspace).getString("status"));
        assertEquals(1_000, Wallets.balance(owner, "COP"));
        assertEquals(1, renewalEntries(id));
        assertEquals(1, WompiRecurringFake.transactionsOf(Subscriptions.paymentSource(id)).size(), "the card was not charged");
        Wallets.assertSound();
    }

    @Test
    void thePaymentMethodChangesByPatchAndACardIsNeededToChargeOne() {
        Wallets.credit(owner, "COP", 2 * PRICE_COP);
        Api.as(owner).body(walletOnly()).post("/subscriptions").then().statusCode(202).body("status", equalTo("ACTIVE"));
        String path = "/subscriptions/" + workspace + "/payment";

        Api.as(owner).body("{\"payment_method\":\"wallet_then_card\"}").patch(path).then().statusCode(400)
                .body("error.code", equalTo("INVALID_REQUEST"));
        Api.as(owner).body("{\"payment_method\":\"cash\"}").patch(path).then().statusCode(400);
        Api.as(owner).body("{}").patch(path).then().statusCode(400);
        Api.as("someone-else").body("{\"payment_method\":\"card\"}").patch(path).then().statusCode(404);
        assertEquals("wallet", Subscriptions.get(owner, workspace).getString("payment_method"));

        Api.as(owner).body("{\"payment_method\":\"wallet_then_card\",\"card_details\":{\"exp_date\":{\"year\":29,"
                + "\"month\":12},\"card_holder\":\"ANA\",\"card_number\":\"4242424242424242\",\"cvv\":\"123\"}}")
                .patch(path).then().statusCode(200).body("payment_method", equalTo("wallet_then_card"));
        Api.as(owner).body("{\"payment_method\":\"card\"}").patch(path).then().statusCode(200)
                .body("payment_method", equalTo("card"));
    }
}
