package dev.pagos.flow;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pagos.billing.Renewals;
import dev.pagos.exchange.ExchangeRates;
import dev.pagos.support.Api;
import dev.pagos.support.MutableClock;
import dev.pagos.support.PushClient;
import dev.pagos.support.Subscriptions;
import dev.pagos.support.Subscriptions.ChargeRow;
import dev.pagos.support.Tokens;
import dev.pagos.support.WompiFake;
import dev.pagos.support.WompiRecurringFake;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Subscriptions end to end through the deployed functions, PostgreSQL and Wompi's HTTP contract (WireMock, with the
 * sandbox card rules), with the application's clock moved across months. Rate 4000 COP/USD. The seed's selection:
 * business 99 + comentarios 29 + carritos 29 (ventas free) + 2 bots x 15 = 187.00 USD = 748,000 COP.
 */
@QuarkusTest
@QuarkusTestResource(WompiFake.class)
class SubscriptionFlowTest {

    private static final Duration PUSH_WAIT = Duration.ofSeconds(10);
    private static final long PRICE_USD = 18_700;
    private static final long PRICE_COP = 74_800_000;
    private static final MutableClock CLOCK = MutableClock.INSTANCE;

    @Inject
    Renewals renewals;

    @Inject
    ExchangeRates rates;

    @BeforeEach
    void freshRate() {
        CLOCK.reset();
        WompiFake.copPerUsdIs(4000, rates);
    }

    @AfterEach
    void realTime() {
        CLOCK.reset();
        WompiRecurringFake.nextChargesUnanswered(0, false);
    }

    private static String newWorkspace() {
        return "ws-" + UUID.randomUUID();
    }

    private static Instant periodEnd(String user, String workspace) {
        return Instant.parse(Subscriptions.get(user, workspace).getString("current_period_end"));
    }

    @Test
    void theSeedsExamplePayloadIsAcceptedAndItsEventActivatesTheSubscription() throws Exception {
        String user = "subscriber-" + UUID.randomUUID();
        // The seed's example to the byte but for the card's expiry year: its 12/25 has passed, and an expired card is
        // refused before Wompi is called (SubscriptionInputTest).
        String seedPayload = """
                {
                  "workspace_id": 123,
                  "workspace_name": "Mi Empresa",
                  "owner_email": "owner@example.com",
                  "phone": "+57 300 000 0000",
                  "document_type": "CC",
                  "document_number": "1234567890",
                  "assistants_only": false,
                  "plan_id": "business",
                  "free_assistant_id": 1,
                  "paid_assistant_ids": [2, 3],
                  "addons": [
                    {
                      "id": 1,
                      "quantity": 2,
                      "botFlowNs": "flow123"
                    }
                  ],
                  "card_details": {
                    "exp_date": {
                      "year": 29,
                      "month": 12
                    },
                    "card_holder": "JOHN DOE",
                    "card_number": "4242424242424242",
                    "cvv": "123"
                  }
                }""";
        try (PushClient browser = PushClient.connect(user)) {
            JsonPath created = Api.as(user).body(seedPayload).post("/subscriptions").then().statusCode(202)
                    .body("workspace_id", equalTo(123))
                    .body("status", equalTo("PENDING"))
                    .body("amount_usd", equalTo((int) PRICE_USD))
                    .body("amount_cop", equalTo((int) PRICE_COP))
                    .extract().jsonPath();
            String id = created.getString("subscription_id");
            ChargeRow first = Subscriptions.lastCharge(id);
            assertEquals(PRICE_COP, first.amount());
            assertEquals("PENDING", first.status());
            Subscriptions.deliver(first, "APPROVED");

            JsonNode pushed = browser.nextEvent("subscription_activated", PUSH_WAIT);
            assertNotNull(pushed, "subscription_activated pushed");
            assertEquals("ACTIVE", pushed.path("data").path("status").asText());

            // The seed's GET response, field for field (names and types), then Pagos's own fields.
            Map<String, Object> body = Api.as(user).get("/subscriptions/123").then().statusCode(200)
                    .body("workspace_id", equalTo(123))
                    .body("workspace_name", equalTo("Mi Empresa"))
                    .body("status", equalTo("ACTIVE"))
                    .body("plan_id", equalTo("business"))
                    .body("free_assistant_id", equalTo(1))
                    .body("paid_assistant_ids", equalTo(List.of(2, 3)))
                    .body("addons", equalTo(List.of(Map.of("id", 1, "quantity", 2, "bot_flow_ns", "flow123"))))
                    .body("email", equalTo("owner@example.com"))
                    .body("phone", equalTo("+57 300 000 0000"))
                    .extract().as(Map.class);
            List<String> seedFields = List.of("workspace_id", "workspace_name", "status", "plan_id", "free_assistant_id",
                    "paid_assistant_ids", "addons", "next_billing_at", "email", "phone");
            assertEquals(seedFields, List.copyOf(body.keySet()).subList(0, seedFields.size()));
            String nextBilling = (String) body.get("next_billing_at");
            assertTrue(nextBilling.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), nextBilling);
            assertEquals(body.get("current_period_end"), nextBilling);
            Instant start = Instant.parse((String) body.get("current_period_start"));
            assertEquals(start.atOffset(java.time.ZoneOffset.UTC).plusMonths(1).toInstant(), Instant.parse(nextBilling));
            assertEquals("4242", body.get("card_last_four"));
            assertEquals(List.of("null->PENDING", "PENDING->ACTIVE"), Subscriptions.trail(id));
            // plan, ventas (free), comentarios, carritos, bot x2
            assertEquals(5, Subscriptions.liveEntitlements(id));

            // One live subscription per workspace.
            Api.as(user).body(seedPayload).post("/subscriptions").then().statusCode(409)
                    .body("error.code", equalTo("SUBSCRIPTION_EXISTS"));
        }
    }

    @Test
    void aDeclinedFirstChargeFailsTheSubscriptionAndGrantsNothing() throws Exception {
        String user = "subscriber-" + UUID.randomUUID();
        String workspace = newWorkspace();
        try (PushClient browser = PushClient.connect(user)) {
            String id = Subscriptions.subscribe(user, workspace, Subscriptions.DECLINING_CARD).getString("subscription_id");
            Subscriptions.deliver(Subscriptions.lastCharge(id), "DECLINED");
            assertNotNull(browser.nextEvent("subscription_failed", PUSH_WAIT), "subscription_failed pushed");
        }
        JsonPath failed = Subscriptions.get(user, workspace);
        assertEquals("FAILED", failed.getString("status"));
        assertNull(failed.get("next_billing_at"));
        assertEquals(List.of("null->PENDING", "PENDING->FAILED"), Subscriptions.trail(failed.getString("subscription_id")));
        assertEquals(0, Subscriptions.liveEntitlements(failed.getString("subscription_id")));
        // A failed subscription is not live: the workspace can subscribe again.
        Subscriptions.subscribe(user, workspace, Subscriptions.APPROVING_CARD);
    }

    @Test
    void anErroredFirstChargeWhoseEventNeverCameIsSettledByTheBillingRun() {
        String user = "subscriber-" + UUID.randomUUID();
        String workspace = newWorkspace();
        String id = Subscriptions.subscribe(user, workspace, Subscriptions.ERRORING_CARD).getString("subscription_id");
        CLOCK.advance(Duration.ofMinutes(3));
        Subscriptions.runBilling(renewals);
        assertEquals("FAILED", Subscriptions.get(user, workspace).getString("status"));
        assertEquals("DECLINED", Subscriptions.lastCharge(id).status());
    }

    @Test
    void renewalsChargeEachPeriodOnceAndAdvanceItOverMonths() {
        String user = "subscriber-" + UUID.randomUUID();
        String workspace = newWorkspace();
        String id = Subscriptions.activeSubscription(user, workspace);
        Instant firstEnd = periodEnd(user, workspace);
        Subscriptions.billAt(renewals, firstEnd);
        JsonPath second = Subscriptions.get(user, workspace);
        assertEquals("ACTIVE", second.getString("status"));
        assertEquals(firstEnd.toString(), second.getString("current_period_start"));
        Instant secondEnd = Instant.parse(second.getString("current_period_end"));
        assertEquals(firstEnd.atOffset(java.time.ZoneOffset.UTC).plusMonths(1).toInstant(), secondEnd);
        Subscriptions.billAt(renewals, secondEnd);
        assertEquals(secondEnd.toString(), Subscriptions.get(user, workspace).getString("current_period_start"));
        List<ChargeRow> charges = Subscriptions.charges(id);
        assertEquals(List.of(0, 1, 2), charges.stream().map(ChargeRow::periodIndex).toList());
        assertTrue(charges.stream().allMatch(c -> c.status().equals("APPROVED") && c.attempt() == 1));
        assertEquals(3, WompiRecurringFake.transactionsOf(Subscriptions.paymentSource(id)).size());
        // Running again before the next period ends charges nothing.
        Subscriptions.runBilling(renewals);
        assertEquals(3, Subscriptions.charges(id).size());
        assertEquals(5, Subscriptions.liveEntitlements(id));
    }

    @Test
    void declinedRenewalsGoPastDueFollowTheDunningScheduleThenCancelForNonPayment() throws Exception {
        String user = "subscriber-" + UUID.randomUUID();
        String workspace = newWorkspace();
        String id = Subscriptions.activeSubscription(user, workspace);
        String source = Subscriptions.paymentSource(id);
        WompiRecurringFake.sourceNowBehavesAs(source, "DECLINED");
        Instant due = periodEnd(user, workspace);
        try (PushClient browser = PushClient.connect(user)) {
            Subscriptions.billAt(renewals, due);
            assertNotNull(browser.nextEvent("subscription_past_due", PUSH_WAIT), "subscription_past_due pushed");
            JsonPath pastDue = Subscriptions.get(user, workspace);
            assertEquals("PAST_DUE", pastDue.getString("status"));
            assertEquals(due.plus(Duration.ofDays(1)).toString(), pastDue.getString("next_billing_at"));
            assertEquals(5, Subscriptions.liveEntitlements(id), "access kept within the grace");

            Subscriptions.billAt(renewals, due.plus(Duration.ofDays(1)));
            assertEquals(due.plus(Duration.ofDays(3)).toString(), Subscriptions.get(user, workspace).getString("next_billing_at"));
            Subscriptions.billAt(renewals, due.plus(Duration.ofDays(3)));
            assertEquals("PAST_DUE", Subscriptions.get(user, workspace).getString("status"));
            Subscriptions.billAt(renewals, due.plus(Duration.ofDays(5)));
            assertNotNull(browser.nextEvent("subscription_canceled", PUSH_WAIT), "subscription_canceled pushed");
        }
        assertEquals("CANCELED", Subscriptions.get(user, workspace).getString("status"));
        assertEquals(List.of("null->PENDING", "PENDING->ACTIVE", "ACTIVE->PAST_DUE", "PAST_DUE->CANCELED"),
                Subscriptions.trail(id));
        List<ChargeRow> renewal = Subscriptions.charges(id).stream().filter(c -> c.periodIndex() == 1).toList();
        assertEquals(List.of(1, 2, 3, 4), renewal.stream().map(ChargeRow::attempt).toList());
        assertTrue(renewal.stream().allMatch(c -> c.status().equals("DECLINED")));
        assertEquals(0, Subscriptions.liveEntitlements(id));
        // Nothing more is ever charged.
        Subscriptions.billAt(renewals, due.plus(Duration.ofDays(40)));
        assertEquals(5, Subscriptions.charges(id).size());
    }

    @Test
    void aDunningRetryThatIsApprovedReactivatesAndAdvancesThePeriod() {
        String user = "subscriber-" + UUID.randomUUID();
        String workspace = newWorkspace();
        String id = Subscriptions.activeSubscription(user, workspace);
        String source = Subscriptions.paymentSource(id);
        WompiRecurringFake.sourceNowBehavesAs(source, "DECLINED");
        Instant due = periodEnd(user, workspace);
        Subscriptions.billAt(renewals, due);
        assertEquals("PAST_DUE", Subscriptions.get(user, workspace).getString("status"));
        WompiRecurringFake.sourceNowBehavesAs(source, "APPROVED");
        Subscriptions.billAt(renewals, due.plus(Duration.ofDays(1)));
        JsonPath renewed = Subscriptions.get(user, workspace);
        assertEquals("ACTIVE", renewed.getString("status"));
        // The period runs from the due date, not from the day the retry succeeded.
        assertEquals(due.toString(), renewed.getString("current_period_start"));
        assertEquals(List.of("null->PENDING", "PENDING->ACTIVE", "ACTIVE->PAST_DUE", "PAST_DUE->ACTIVE"),
                Subscriptions.trail(id));
    }

    @Test
    void aLostAnswerIsFoundByReferenceAndAnUnsentChargeIsSentAgainWithTheSameReference() {
        String user = "subscriber-" + UUID.randomUUID();
        String workspace = newWorkspace();
        String id = Subscriptions.activeSubscription(user, workspace);
        String source = Subscriptions.paymentSource(id);
        Instant due = periodEnd(user, workspace);

        // Wompi made the charge but its answer was lost (5xx after every retry): a technical failure, not a decline.
        WompiRecurringFake.nextChargesUnanswered(source, 10, true);
        CLOCK.setTo(due.plusSeconds(60));
        Subscriptions.runBilling(renewals);
        assertEquals("UNKNOWN", Subscriptions.lastCharge(id).status());
        assertEquals("ACTIVE", Subscriptions.get(user, workspace).getString("status"));
        WompiRecurringFake.nextChargesUnanswered(0, false);
        CLOCK.advance(Duration.ofMinutes(11));
        Subscriptions.runBilling(renewals);
        assertEquals("APPROVED", Subscriptions.lastCharge(id).status());
        assertEquals(2, WompiRecurringFake.transactionsOf(source).size(), "the lost charge was found, not repeated");

        // Wompi never got the charge (unreachable): it is sent again, same charge, same reference.
        Instant secondDue = periodEnd(user, workspace);
        WompiRecurringFake.nextChargesUnanswered(source, 10, false);
        CLOCK.setTo(secondDue.plusSeconds(60));
        Subscriptions.runBilling(renewals);
        assertEquals("UNKNOWN", Subscriptions.lastCharge(id).status());
        WompiRecurringFake.nextChargesUnanswered(0, false);
        CLOCK.advance(Duration.ofMinutes(11));
        Subscriptions.runBilling(renewals);
        CLOCK.advance(Duration.ofMinutes(3));
        Subscriptions.runBilling(renewals);
        List<ChargeRow> charges = Subscriptions.charges(id);
        assertEquals(3, charges.size(), "one attempt per period");
        assertEquals("APPROVED", charges.get(2).status());
        assertEquals(3, WompiRecurringFake.transactionsOf(source).size());
        assertEquals("charge-" + charges.get(2).id(), WompiRecurringFake.transactionsOf(source).get(2).path("reference").asText());
    }

    @Test
    void twoOverlappingBillingRunsChargeAPeriodOnce() throws Exception {
        String user = "subscriber-" + UUID.randomUUID();
        String workspace = newWorkspace();
        String id = Subscriptions.activeSubscription(user, workspace);
        CLOCK.setTo(periodEnd(user, workspace).plusSeconds(60));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Renewals.Report>> runs = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    return renewals.runDue();
                }));
            }
            start.countDown();
            for (Future<Renewals.Report> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(2, Subscriptions.charges(id).size());
        assertEquals(2, WompiRecurringFake.transactionsOf(Subscriptions.paymentSource(id)).size());
    }

    @Test
    void cancelKeepsAccessToThePeriodEndResubscribingUndoesItThenItEnds() {
        String user = "subscriber-" + UUID.randomUUID();
        String workspace = newWorkspace();
        String id = Subscriptions.activeSubscription(user, workspace);
        Api.as(user).delete("/subscriptions/" + workspace + "/cancel").then().statusCode(204);
        JsonPath canceled = Subscriptions.get(user, workspace);
        assertEquals("ACTIVE", canceled.getString("status"));
        assertTrue(canceled.getBoolean("cancel_at_period_end"));
        assertNull(canceled.get("next_billing_at"));

        // Subscribing again before the period ends undoes the cancellation: same subscription, no new charge.
        JsonPath again = Subscriptions.subscribe(user, workspace, Subscriptions.APPROVING_CARD);
        assertEquals(id, again.getString("subscription_id"));
        assertFalse(again.getBoolean("cancel_at_period_end"));
        assertEquals(1, Subscriptions.charges(id).size());

        // Undoing needs no card (the subscription keeps its own): a page's Resume sends none.
        Api.as(user).delete("/subscriptions/" + workspace + "/cancel").then().statusCode(204);
        Api.as(user).body("{\"workspace_id\":\"" + workspace + "\",\"owner_email\":\"owner@example.com\","
                        + "\"plan_id\":\"business\"}")
                .post("/subscriptions").then().statusCode(202)
                .body("subscription_id", equalTo(id)).body("cancel_at_period_end", equalTo(false));
        assertEquals(1, Subscriptions.charges(id).size());
        // A new subscription still needs one.
        Api.as(user).body("{\"workspace_id\":\"" + newWorkspace() + "\",\"owner_email\":\"owner@example.com\","
                        + "\"plan_id\":\"business\"}")
                .post("/subscriptions").then().statusCode(400).body("error.code", equalTo("INVALID_REQUEST"));

        Api.as(user).delete("/subscriptions/" + workspace + "/cancel").then().statusCode(204);
        Instant end = periodEnd(user, workspace);
        CLOCK.setTo(end.minusSeconds(3600));
        Subscriptions.runBilling(renewals);
        assertEquals("ACTIVE", Subscriptions.get(user, workspace).getString("status"));
        assertEquals(5, Subscriptions.liveEntitlements(id));
        Subscriptions.billAt(renewals, end);
        assertEquals("CANCELED", Subscriptions.get(user, workspace).getString("status"));
        assertEquals(1, Subscriptions.charges(id).size(), "no charge after cancel");
        assertEquals(0, Subscriptions.liveEntitlements(id));
    }

    @Test
    void aPlanChangeTakesEffectAtTheNextPeriodAtTheNewPriceWithoutProration() {
        String user = "subscriber-" + UUID.randomUUID();
        String workspace = newWorkspace();
        String id = Subscriptions.activeSubscription(user, workspace);
        // business_lite 49 + 2 paid assistants 58 + 2 bots 30 = 137.00 USD
        Api.as(user).body("{\"plan_id\":\"business_lite\",\"owner_email\":\"new@example.com\"}")
                .patch("/subscriptions/" + workspace).then().statusCode(200)
                .body("plan_id", equalTo("business"))
                .body("amount_usd", equalTo((int) PRICE_USD))
                .body("email", equalTo("new@example.com"))
                .body("pending_change.plan_id", equalTo("business_lite"))
                .body("pending_change.amount_usd", equalTo(13_700));
        assertEquals(1, Subscriptions.charges(id).size(), "nothing charged now: no proration");
        Subscriptions.billAt(renewals, periodEnd(user, workspace));
        JsonPath renewed = Subscriptions.get(user, workspace);
        assertEquals("business_lite", renewed.getString("plan_id"));
        assertEquals(13_700, renewed.getInt("amount_usd"));
        assertNull(renewed.get("pending_change"));
        assertEquals(13_700L * 4000, Subscriptions.lastCharge(id).amount());
        assertEquals(1, dev.pagos.support.Database.count("SELECT count(*) FROM entitlements WHERE subscription_id = ?"
                + " AND revoked_at IS NULL AND item_reference = 'business_lite'", UUID.fromString(id)));
        assertEquals(0, dev.pagos.support.Database.count("SELECT count(*) FROM entitlements WHERE subscription_id = ?"
                + " AND revoked_at IS NULL AND item_reference = 'business'", UUID.fromString(id)));
    }

    @Test
    void aNewCardBecomesThePaymentSourceAndTheSubscriptionIsKept() {
        String user = "subscriber-" + UUID.randomUUID();
        String workspace = newWorkspace();
        String id = Subscriptions.activeSubscription(user, workspace);
        String oldSource = Subscriptions.paymentSource(id);
        Api.as(user).body("""
                {"card_details":{"exp_date":{"year":2030,"month":1},"card_holder":"JANE DOE",
                 "card_number":"4242 4242 4242 4242","cvv":"456"}}""")
                .patch("/subscriptions/" + workspace + "/payment").then().statusCode(200)
                .body("subscription_id", equalTo(id)).body("status", equalTo("ACTIVE"));
        String newSource = Subscriptions.paymentSource(id);
        assertNotEquals(oldSource, newSource);
        Subscriptions.billAt(renewals, periodEnd(user, workspace));
        assertEquals(1, WompiRecurringFake.transactionsOf(newSource).size());
        assertEquals(1, WompiRecurringFake.transactionsOf(oldSource).size());
        assertEquals("ACTIVE", Subscriptions.get(user, workspace).getString("status"));
    }

    @Test
    void anotherUsersWorkspaceIsNotFoundButAnAdminMayActOnIt() {
        String owner = "subscriber-" + UUID.randomUUID();
        String workspace = newWorkspace();
        Subscriptions.subscribe(owner, workspace, Subscriptions.APPROVING_CARD);
        String stranger = "stranger-" + UUID.randomUUID();
        Api.as(stranger).get("/subscriptions/" + workspace).then().statusCode(404)
                .body("error.code", equalTo("SUBSCRIPTION_NOT_FOUND"));
        Api.as(stranger).delete("/subscriptions/" + workspace + "/cancel").then().statusCode(404);
        Api.as(stranger).body("{\"plan_id\":\"business_lite\"}").patch("/subscriptions/" + workspace).then().statusCode(404);
        Api.as(stranger).body(Subscriptions.payload(workspace, Subscriptions.APPROVING_CARD)).post("/subscriptions")
                .then().statusCode(404);
        Api.as(stranger).get("/subscriptions/ws-nobody-" + UUID.randomUUID()).then().statusCode(404);
        Api.anonymous().get("/subscriptions/" + workspace).then().statusCode(401);
        Api.anonymous().header("Authorization", "Bearer " + Tokens.admin("admin-1")).get("/subscriptions/" + workspace)
                .then().statusCode(200).body("status", equalTo("PENDING"));
    }

    @Test
    void adminsPageThroughEverySubscriptionInAStableOrder() {
        for (int i = 0; i < 3; i++) {
            Subscriptions.subscribe("subscriber-" + UUID.randomUUID(), newWorkspace(), Subscriptions.APPROVING_CARD);
        }
        String admin = "Bearer " + Tokens.admin("admin-1");
        JsonPath all = Api.anonymous().header("Authorization", admin).queryParam("page", 1).queryParam("limit", 100)
                .get("/subscriptions").then().statusCode(200).extract().jsonPath();
        long total = all.getLong("total");
        assertTrue(total >= 3);
        List<String> ids = all.getList("data.subscription_id");
        JsonPath first = Api.anonymous().header("Authorization", admin).queryParam("page", 1).queryParam("limit", 2)
                .get("/subscriptions").then().statusCode(200).body("limit", equalTo(2)).body("page", equalTo(1)).extract().jsonPath();
        JsonPath second = Api.anonymous().header("Authorization", admin).queryParam("page", 2).queryParam("limit", 2)
                .get("/subscriptions").then().statusCode(200).extract().jsonPath();
        assertEquals(ids.subList(0, 2), first.getList("data.subscription_id"));
        assertEquals(ids.subList(2, Math.min(4, ids.size())), second.getList("data.subscription_id"));
        assertEquals(Set.copyOf(ids).size(), ids.size());
        Api.anonymous().header("Authorization", admin).queryParam("limit", 100_000).get("/subscriptions").then()
                .statusCode(200).body("limit", equalTo(100));
        Api.anonymous().header("Authorization", admin).queryParam("limit", "ten").get("/subscriptions").then().statusCode(400);
        Api.as("subscriber-" + UUID.randomUUID()).get("/subscriptions").then().statusCode(403);
    }

    @Test
    void anIdempotencyKeyReplaysTheFirstAnswerAndSubscribesOnce() {
        String user = "subscriber-" + UUID.randomUUID();
        String workspace = newWorkspace();
        String key = UUID.randomUUID().toString();
        String body = Subscriptions.payload(workspace, Subscriptions.APPROVING_CARD);
        String first = Api.as(user).header("Idempotency-Key", key).body(body).post("/subscriptions").then().statusCode(202)
                .extract().path("subscription_id");
        Api.as(user).header("Idempotency-Key", key).body(body).post("/subscriptions").then().statusCode(202)
                .header("Idempotent-Replayed", "true").body("subscription_id", equalTo(first));
        assertEquals(1, dev.pagos.support.Database.count("SELECT count(*) FROM subscriptions WHERE workspace_id = ?", workspace));
        assertEquals(1, Subscriptions.charges(first).size());
    }

    @Test
    void anEventAboutAnotherTransactionDoesNotSettleTheCharge() {
        String user = "subscriber-" + UUID.randomUUID();
        String workspace = newWorkspace();
        String id = Subscriptions.subscribe(user, workspace, Subscriptions.APPROVING_CARD).getString("subscription_id");
        ChargeRow charge = Subscriptions.lastCharge(id);
        WompiFake.deliver(WompiFake.event("rec-someone-else", "APPROVED", charge.amount(), "charge-" + charge.id(),
                Subscriptions.eventTime())).then().statusCode(200);
        assertEquals("PENDING", Subscriptions.get(user, workspace).getString("status"));
        assertEquals("PENDING", Subscriptions.lastCharge(id).status());
    }

    @Test
    void anotherTransactionsEventCarryingAnUnansweredRenewalsReferenceDoesNotParkItAndThePeriodIsStillCharged() {
        String user = "subscriber-" + UUID.randomUUID();
        String workspace = newWorkspace();
        String id = Subscriptions.activeSubscription(user, workspace);
        String source = Subscriptions.paymentSource(id);
        Instant due = periodEnd(user, workspace);
        // An unrelated, genuinely approved transaction of another subscriber.
        String other = Subscriptions.activeSubscription("subscriber-" + UUID.randomUUID(), newWorkspace());
        ChargeRow unrelated = Subscriptions.lastCharge(other);

        // Wompi answers 500 to the renewal: the charge is UNKNOWN, not a decline.
        WompiRecurringFake.nextChargesUnanswered(source, 10, false);
        CLOCK.setTo(due.plusSeconds(60));
        Subscriptions.runBilling(renewals);
        ChargeRow unknown = Subscriptions.lastCharge(id);
        assertEquals("UNKNOWN", unknown.status());
        WompiRecurringFake.nextChargesUnanswered(0, false);

        // A validly signed event about the unrelated transaction, its (unsigned) reference re-pointed at our charge.
        WompiFake.deliver(WompiFake.event(unrelated.providerPaymentId(), "APPROVED", unrelated.amount(),
                "charge-" + unknown.id(), Subscriptions.eventTime())).then().statusCode(200);
        assertEquals("UNKNOWN", Subscriptions.lastCharge(id).status(), "another reference's transaction changes nothing");
        assertNotNull(Subscriptions.nextActionAt(id), "a live subscription always has a next action");
        assertEquals("ACTIVE", Subscriptions.get(user, workspace).getString("status"));

        // The charge goes on being resolved: looked up by its own reference, then sent again, and the period is paid.
        CLOCK.advance(Duration.ofMinutes(11));
        Subscriptions.runBilling(renewals);
        CLOCK.advance(Duration.ofMinutes(3));
        Subscriptions.runBilling(renewals);
        assertEquals("APPROVED", Subscriptions.lastCharge(id).status());
        assertEquals(due.toString(), Subscriptions.get(user, workspace).getString("current_period_start"));
        assertEquals(2, WompiRecurringFake.transactionsOf(source).size(), "one transaction for the period");
    }

    @Test
    void aRenewalHeldForReviewGoesPastDueAtOnceAndEndsTheSubscriptionWhenTheReviewGraceRunsOut() throws Exception {
        String user = "subscriber-" + UUID.randomUUID();
        String workspace = newWorkspace();
        String id = Subscriptions.activeSubscription(user, workspace);
        Instant due = periodEnd(user, workspace);
        CLOCK.setTo(due.plusSeconds(60));
        Subscriptions.runBilling(renewals);
        ChargeRow renewal = Subscriptions.lastCharge(id);
        assertEquals(1, renewal.periodIndex());
        // Wompi's record says another amount was approved than this renewal's.
        WompiFake.transaction(renewal.providerPaymentId(), "APPROVED", renewal.amount() + 100, "COP", "charge-" + renewal.id());
        try (PushClient browser = PushClient.connect(user)) {
            Subscriptions.deliver(renewal, "APPROVED");
            assertEquals("NEEDS_REVIEW", Subscriptions.lastCharge(id).status());
            JsonNode pushed = browser.nextEvent("subscription_past_due", PUSH_WAIT);
            assertNotNull(pushed, "the owner hears the period is not paid");
        }
        JsonPath held = Subscriptions.get(user, workspace);
        assertEquals("PAST_DUE", held.getString("status"), "an unpaid period is not ACTIVE");
        assertTrue(held.getString("failure_reason").contains("review"), held.getString("failure_reason"));
        assertEquals(5, Subscriptions.liveEntitlements(id), "access kept within the review grace");
        Instant deadline = Subscriptions.nextActionAt(id);
        Instant earliest = due.plusSeconds(60).plus(Duration.ofDays(3));
        assertTrue(!deadline.isBefore(earliest) && deadline.isBefore(earliest.plusSeconds(30)), deadline.toString());

        // Within the grace nothing is charged again; when it runs out unresolved, the subscription ends.
        CLOCK.setTo(deadline.minusSeconds(60));
        Subscriptions.runBilling(renewals);
        assertEquals("PAST_DUE", Subscriptions.get(user, workspace).getString("status"));
        CLOCK.setTo(deadline.plusSeconds(1));
        Subscriptions.runBilling(renewals);
        assertEquals("CANCELED", Subscriptions.get(user, workspace).getString("status"));
        assertEquals(0, Subscriptions.liveEntitlements(id));
        assertEquals(2, Subscriptions.charges(id).size(), "never charged again while the review was open");
        assertEquals(List.of("null->PENDING", "PENDING->ACTIVE", "ACTIVE->PAST_DUE", "PAST_DUE->CANCELED"),
                Subscriptions.trail(id));
    }

    @Test
    void everyRenewalPushesSubscriptionRenewedWithTheNewPeriodAndAmountAndANumericWorkspaceId() throws Exception {
        String user = "subscriber-" + UUID.randomUUID();
        String workspace = Long.toString(1_000_000 + (long) (Math.random() * 1_000_000_000L));
        String id;
        try (PushClient browser = PushClient.connect(user)) {
            id = Subscriptions.subscribe(user, workspace, Subscriptions.APPROVING_CARD).getString("subscription_id");
            Subscriptions.deliver(Subscriptions.lastCharge(id), "APPROVED");
            JsonNode activated = browser.nextEvent("subscription_activated", PUSH_WAIT);
            assertNotNull(activated);
            // One type everywhere: the seed's number, as GET answers it.
            assertTrue(activated.path("data").path("workspace_id").isNumber(), activated.toString());
            assertEquals(Long.parseLong(workspace), activated.path("data").path("workspace_id").asLong());
            assertEquals(Long.parseLong(workspace), Subscriptions.get(user, workspace).getLong("workspace_id"));

            Instant due = periodEnd(user, workspace);
            Subscriptions.billAt(renewals, due);
            JsonNode renewed = browser.nextEvent("subscription_renewed", PUSH_WAIT);
            assertNotNull(renewed, "an ACTIVE subscription renewed for a new period is pushed");
            JsonNode data = renewed.path("data");
            assertEquals("ACTIVE", data.path("status").asText());
            assertEquals(due.toString(), data.path("current_period_start").asText());
            assertEquals(Subscriptions.get(user, workspace).getString("current_period_end"),
                    data.path("current_period_end").asText());
            assertEquals(PRICE_COP, data.path("amount_cop").asLong());
            assertEquals(PRICE_USD, data.path("amount_usd").asLong());
            assertEquals("COP", data.path("currency").asText());
            assertEquals(Long.parseLong(workspace), data.path("workspace_id").asLong());
            assertTrue(data.path("workspace_id").isNumber());
        }
        assertEquals(2, Subscriptions.charges(id).size());
    }

    @Test
    void aNewCardOnAPastDueSubscriptionIsChargedWithinTheRequest() {
        String user = "subscriber-" + UUID.randomUUID();
        String workspace = newWorkspace();
        String id = Subscriptions.activeSubscription(user, workspace);
        WompiRecurringFake.sourceNowBehavesAs(Subscriptions.paymentSource(id), "DECLINED");
        Instant due = periodEnd(user, workspace);
        Subscriptions.billAt(renewals, due);
        assertEquals("PAST_DUE", Subscriptions.get(user, workspace).getString("status"));
        int chargesBefore = Subscriptions.charges(id).size();

        Api.as(user).body("""
                {"card_details":{"exp_date":{"year":2030,"month":1},"card_holder":"JANE DOE",
                 "card_number":"4242 4242 4242 4242","cvv":"456"}}""")
                .patch("/subscriptions/" + workspace + "/payment").then().statusCode(200);
        String newSource = Subscriptions.paymentSource(id);
        // No billing run: the new card was charged for the unpaid period by the request itself.
        List<ChargeRow> charges = Subscriptions.charges(id);
        assertEquals(chargesBefore + 1, charges.size());
        assertEquals(1, WompiRecurringFake.transactionsOf(newSource).size());
        ChargeRow retry = charges.get(charges.size() - 1);
        assertEquals(1, retry.periodIndex());
        // Wompi decides a moment later; its event settles the debt.
        Subscriptions.deliver(retry, "APPROVED");
        JsonPath settled = Subscriptions.get(user, workspace);
        assertEquals("ACTIVE", settled.getString("status"));
        assertEquals(due.toString(), settled.getString("current_period_start"));
        // A billing run afterwards charges nothing more.
        Subscriptions.runBilling(renewals);
        assertEquals(chargesBefore + 1, Subscriptions.charges(id).size());
    }

    @Test
    void aConfirmedAmountThatDiffersFromTheChargeGrantsNothingAndWaitsForReview() {
        String user = "subscriber-" + UUID.randomUUID();
        String workspace = newWorkspace();
        String id = Subscriptions.subscribe(user, workspace, Subscriptions.APPROVING_CARD).getString("subscription_id");
        ChargeRow charge = Subscriptions.lastCharge(id);
        // Wompi's record says less was approved than we charged.
        WompiFake.transaction(charge.providerPaymentId(), "APPROVED", charge.amount() - 100, "COP", "charge-" + charge.id());
        Subscriptions.deliver(charge, "APPROVED");
        assertEquals("NEEDS_REVIEW", Subscriptions.lastCharge(id).status());
        JsonPath held = Subscriptions.get(user, workspace);
        assertEquals("PENDING", held.getString("status"));
        assertTrue(held.getString("failure_reason").contains("provider confirmed"));
        assertEquals(0, Subscriptions.liveEntitlements(id));
        // And the billing run does not charge it again meanwhile.
        assertNotNull(Subscriptions.nextActionAt(id), "a live subscription always has a next action");
        CLOCK.advance(Duration.ofDays(1));
        Subscriptions.runBilling(renewals);
        assertEquals(1, Subscriptions.charges(id).size());
        assertEquals("PENDING", Subscriptions.get(user, workspace).getString("status"));
        // Unresolved when the review grace runs out: the subscription fails, nothing was granted, the workspace is free.
        CLOCK.advance(Duration.ofDays(3));
        Subscriptions.runBilling(renewals);
        assertEquals("FAILED", Subscriptions.get(user, workspace).getString("status"));
        assertEquals(1, Subscriptions.charges(id).size());
        assertEquals(0, Subscriptions.liveEntitlements(id));
        Subscriptions.subscribe(user, workspace, Subscriptions.APPROVING_CARD);
    }

    @Test
    void anAnnualSubscriptionIsPricedWithTheDiscountAndRunsTwelveMonths() {
        String user = "subscriber-" + UUID.randomUUID();
        String workspace = newWorkspace();
        // 187.00 USD x 12 = 2244.00, 15% off = 1907.40 USD = 7,629,600 COP at 4000
        JsonPath created = Api.as(user).body(Subscriptions.payload(workspace, Subscriptions.APPROVING_CARD)
                .replace("\"plan_id\"", "\"period\":\"annual\",\"plan_id\"")).post("/subscriptions").then().statusCode(202)
                .body("billing_period", equalTo("annual")).body("amount_usd", equalTo(190_740))
                .body("amount_cop", equalTo(762_960_000)).extract().jsonPath();
        String id = created.getString("subscription_id");
        Subscriptions.deliver(Subscriptions.lastCharge(id), "APPROVED");
        JsonPath active = Subscriptions.get(user, workspace);
        Instant start = Instant.parse(active.getString("current_period_start"));
        assertEquals(start.atOffset(java.time.ZoneOffset.UTC).plusYears(1).toInstant(),
                Instant.parse(active.getString("current_period_end")));
        // Nothing is due before the year ends.
        CLOCK.setTo(start.plus(Duration.ofDays(300)));
        Subscriptions.runBilling(renewals);
        assertEquals(1, Subscriptions.charges(id).size());
    }

    @Test
    void badRequestsChangeNothing() {
        String user = "subscriber-" + UUID.randomUUID();
        String workspace = newWorkspace();
        Api.as(user).body(Subscriptions.payload(workspace, "4242")).post("/subscriptions").then().statusCode(400)
                .body("error.message", equalTo("card_details.card_number must be 12 to 19 digits"));
        Api.as(user).body(Subscriptions.payload(workspace, Subscriptions.APPROVING_CARD).replace("\"plan_id\":\"business\"",
                "\"plan_id\":\"nope\"")).post("/subscriptions").then().statusCode(404).body("error.code", equalTo("PLAN_NOT_FOUND"));
        Api.as(user).body("{\"workspace_id\":1,\"plan_id\":\"business\",\"owner_email\":\"a@b.co\"}").post("/subscriptions")
                .then().statusCode(400).body("error.message", org.hamcrest.Matchers.containsString("card"));
        Api.as(user).get("/subscriptions/" + workspace).then().statusCode(404).body("error.code", equalTo("SUBSCRIPTION_NOT_FOUND"))
                .body("error.message", org.hamcrest.Matchers.not(nullValue()));
    }
}
