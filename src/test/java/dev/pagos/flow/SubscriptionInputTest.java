package dev.pagos.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagos.support.Api;
import dev.pagos.support.Database;
import dev.pagos.support.MutableClock;
import dev.pagos.support.Subscriptions;
import dev.pagos.support.WompiFake;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a subscribe request must hold before Pagos calls Wompi: whole numbers where numbers are counted, a card that
 * is neither expired nor mistyped, one claim on the workspace before any card is tokenized; and the seed's own
 * assistants-only shape. Every refusal writes nothing and calls Wompi for nothing.
 */
@QuarkusTest
@QuarkusTestResource(WompiFake.class)
class SubscriptionInputTest {

    private String user;
    private String workspace;

    @BeforeEach
    void fresh() {
        MutableClock.INSTANCE.reset();
        user = "subscriber-" + UUID.randomUUID();
        workspace = "ws-" + UUID.randomUUID();
    }

    private static int wompiCalls(String path) {
        return WompiFake.server().countRequestsMatching(postRequestedFor(urlEqualTo(path)).build()).getCount();
    }

    private void assertNothingWrittenAndWompiUntouched(Runnable request) {
        int tokens = wompiCalls("/v1/tokens/cards");
        int sources = wompiCalls("/v1/payment_sources");
        int transactions = wompiCalls("/v1/transactions");
        request.run();
        assertEquals(tokens, wompiCalls("/v1/tokens/cards"), "no card token");
        assertEquals(sources, wompiCalls("/v1/payment_sources"), "no payment source");
        assertEquals(transactions, wompiCalls("/v1/transactions"), "no charge");
        assertEquals(0, Database.count("SELECT count(*) FROM subscriptions WHERE workspace_id = ?", workspace));
        assertEquals(0, Database.count("SELECT count(*) FROM workspaces WHERE id = ?", workspace));
    }

    @Test
    void aFractionalQuantityIs400NotTruncated() {
        String body = Subscriptions.payload(workspace, Subscriptions.APPROVING_CARD).replace("\"quantity\":2", "\"quantity\":1.5");
        assertNothingWrittenAndWompiUntouched(() -> Api.as(user).body(body).post("/subscriptions").then().statusCode(400)
                .body("error.code", equalTo("INVALID_REQUEST"))
                .body("error.message", equalTo("quantity must be a whole number")));
    }

    @ParameterizedTest
    @CsvSource({
            "20, 1, CARD_EXPIRED",
            "2020, 12, CARD_EXPIRED",
            "0, 1, CARD_EXPIRED",
    })
    void anExpiredCardIs400BeforeAnyCallToWompi(int year, int month, String code) {
        String body = Subscriptions.payload(workspace, Subscriptions.APPROVING_CARD)
                .replace("\"exp_date\":{\"year\":29,\"month\":12}", "\"exp_date\":{\"year\":" + year + ",\"month\":" + month + "}");
        assertNothingWrittenAndWompiUntouched(() -> Api.as(user).body(body).post("/subscriptions").then().statusCode(400)
                .body("error.code", equalTo(code)));
    }

    @Test
    void aCardValidThroughThisMonthIsAccepted() {
        java.time.YearMonth now = java.time.YearMonth.now(java.time.ZoneOffset.UTC);
        String body = Subscriptions.payload(workspace, Subscriptions.APPROVING_CARD).replace(
                "\"exp_date\":{\"year\":29,\"month\":12}",
                "\"exp_date\":{\"year\":" + now.getYear() + ",\"month\":" + now.getMonthValue() + "}");
        Api.as(user).body(body).post("/subscriptions").then().statusCode(202);
    }

    @Test
    void aCardNumberFailingTheLuhnCheckIs400BeforeAnyCallToWompi() {
        String body = Subscriptions.payload(workspace, "4242424242424241");
        assertNothingWrittenAndWompiUntouched(() -> Api.as(user).body(body).post("/subscriptions").then().statusCode(400)
                .body("error.code", equalTo("CARD_INVALID")));
    }

    @Test
    void aNewCardIsCheckedTheSameWay() {
        String id = Subscriptions.subscribe(user, workspace, Subscriptions.APPROVING_CARD).getString("subscription_id");
        int tokens = wompiCalls("/v1/tokens/cards");
        Api.as(user).body("""
                {"card_details":{"exp_date":{"year":2021,"month":3},"card_holder":"JANE DOE",
                 "card_number":"4242424242424242","cvv":"456"}}""")
                .patch("/subscriptions/" + workspace + "/payment").then().statusCode(400).body("error.code", equalTo("CARD_EXPIRED"));
        Api.as(user).body("""
                {"card_details":{"exp_date":{"year":2030,"month":3},"card_holder":"JANE DOE",
                 "card_number":"4242424242424243","cvv":"456"}}""")
                .patch("/subscriptions/" + workspace + "/payment").then().statusCode(400).body("error.code", equalTo("CARD_INVALID"));
        assertEquals(tokens, wompiCalls("/v1/tokens/cards"));
        assertEquals(1, Subscriptions.charges(id).size());
    }

    @Test
    void twentySimultaneousSubscribesToOneWorkspaceTokenizeOneCard() throws Exception {
        int tokens = wompiCalls("/v1/tokens/cards");
        int sources = wompiCalls("/v1/payment_sources");
        String body = Subscriptions.payload(workspace, Subscriptions.APPROVING_CARD);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Integer> statuses = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    return Api.as(user).body(body).post("/subscriptions");
                }));
            }
            start.countDown();
            for (Future<Response> call : calls) {
                Response response = call.get();
                statuses.add(response.statusCode());
                if (response.statusCode() == 409) {
                    String code = response.jsonPath().getString("error.code");
                    assertTrue(code.equals("SUBSCRIPTION_IN_PROGRESS") || code.equals("SUBSCRIPTION_EXISTS"), code);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, statuses.stream().filter(s -> s == 202).count(), statuses.toString());
        assertEquals(19, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        assertEquals(tokens + 1, wompiCalls("/v1/tokens/cards"), "losers make no provider call");
        assertEquals(sources + 1, wompiCalls("/v1/payment_sources"));
        assertEquals(1, Database.count("SELECT count(*) FROM subscriptions WHERE workspace_id = ?", workspace));
    }

    @Test
    void aRefusedCardReleasesTheWorkspaceAtOnce() {
        // Wompi refuses to make a payment source of a token it never issued.
        String refused = Subscriptions.payload(workspace, Subscriptions.APPROVING_CARD)
                .replaceAll("\"card_details\":\\{.*\\}\\}", "\"card_token\":\"tok_test_never_issued\"}");
        Api.as(user).body(refused).post("/subscriptions").then().statusCode(422).body("error.code", equalTo("CARD_REJECTED"));
        // The claim on the workspace was given back: the next try goes through at once.
        Api.as(user).body(Subscriptions.payload(workspace, Subscriptions.APPROVING_CARD)).post("/subscriptions").then()
                .statusCode(202);
    }

    @Test
    void theSeedsAssistantsOnlyPurchaseChargesItsFirstAssistantAsAPaidOne() {
        // The seed, with no plan, still sends the first chosen assistant as free_assistant_id; without a plan every
        // assistant is paid (29.00 USD each): 2 x 29.00 = 58.00 USD = 232,000.00 COP at 4000.
        String body = """
                {"workspace_id":"%s","workspace_name":"Solo Bots","owner_email":"owner@example.com",
                 "assistants_only":true,"free_assistant_id":1,"paid_assistant_ids":[2],"addons":[],
                 "card_details":{"exp_date":{"year":29,"month":12},"card_holder":"JOHN DOE",
                 "card_number":"4242424242424242","cvv":"123"}}""".formatted(workspace);
        Api.as(user).body(body).post("/subscriptions").then().statusCode(202)
                .body("plan_id", nullValue())
                .body("free_assistant_id", nullValue())
                .body("paid_assistant_ids", equalTo(List.of(1, 2)))
                .body("amount_usd", equalTo(5_800))
                .body("amount_cop", equalTo(23_200_000));
        Api.anonymous().body("{\"freeAssistant\":1,\"paidAssistants\":[2]}").post("/quotes").then().statusCode(200)
                .body("assistants", equalTo(5_800)).body("totalUsd", equalTo(5_800));
    }
}
