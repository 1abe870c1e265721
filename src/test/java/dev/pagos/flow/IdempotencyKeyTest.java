package dev.pagos.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagos.idempotency.IdempotencyStore;
import dev.pagos.idempotency.KeyedRequest;
import dev.pagos.order.Order;
import dev.pagos.order.OrderStatus;
import dev.pagos.persistence.Sql;
import dev.pagos.persistence.Transactions;
import dev.pagos.support.Api;
import dev.pagos.support.Orders;
import dev.pagos.support.PaypalFake;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Idempotency-Key on POST /orders: a retry gets the first answer and runs nothing, another request under
 * the same key is refused, failures are not kept. Time is moved by editing rows, as the order tests do,
 * so the application's clock stays the real one for every other test.
 */
@QuarkusTest
class IdempotencyKeyTest {

    private static final String SKYBLOCK = "{\"productId\":\"skyblock-odyssey\"}";
    private static final String MEDIEVAL = "{\"productId\":\"medieval-realms\"}";
    private static final String CREATE_PATH = "/v2/checkout/orders";

    private String buyer;
    private String key;

    @BeforeEach
    void reset() {
        PaypalFake.resetStubs();
        buyer = "buyer-" + UUID.randomUUID();
        key = "order-" + UUID.randomUUID();
    }

    private static Response create(String user, String idempotencyKey, String body) {
        return Api.as(user).header("Idempotency-Key", idempotencyKey).body(body).post("/orders");
    }

    private static int providerCreateCalls() {
        return PaypalFake.server().findAll(postRequestedFor(urlEqualTo(CREATE_PATH))).size();
    }

    private static long ordersOf(String user) {
        return Orders.countOf(user);
    }

    private static List<KeyedRequest> keysOf(String user) {
        return Transactions.autocommit(() -> Sql.list(IdempotencyStore.SELECT_KEY + " WHERE user_id = $1",
                IdempotencyStore::keyedRequest, user));
    }

    private static KeyedRequest onlyKeyOf(String user) {
        List<KeyedRequest> keys = keysOf(user);
        assertEquals(1, keys.size(), "keys of " + user);
        return keys.get(0);
    }

    private static void setKeyCreatedAt(String user, Instant createdAt) {
        Transactions.autocommit(() -> Sql.update("UPDATE idempotency_keys SET created_at = $1 WHERE user_id = $2",
                createdAt, user));
    }

    private static void setKeyLease(String user, Instant leaseUntil) {
        Transactions.autocommit(() -> Sql.update("UPDATE idempotency_keys SET lease_until = $1 WHERE user_id = $2",
                leaseUntil, user));
    }

    private static boolean isReplay(Response response) {
        return "true".equals(response.getHeader("Idempotent-Replayed"));
    }

    @Test
    void aRetryGetsTheFirstAnswerWithoutRunningAgain() {
        Response first = create(buyer, key, SKYBLOCK);
        assertEquals(201, first.statusCode());
        assertTrue(!isReplay(first), "the first answer is no replay");
        Order placed = Orders.onlyOrderOf(buyer);
        // Were the operation to run again, it would now expire this order and open a second checkout.
        Orders.setCreatedAt(placed.id, Instant.now().minus(Duration.ofHours(4)));

        Response retry = create(buyer, key, SKYBLOCK);

        assertEquals(201, retry.statusCode());
        assertTrue(isReplay(retry));
        assertEquals(first.asString(), retry.asString());
        assertEquals("application/json", retry.getHeader("content-type"));
        assertEquals(1, ordersOf(buyer));
        assertEquals(OrderStatus.PENDING, Orders.status(placed.id));
        assertEquals(1, providerCreateCalls());
        KeyedRequest kept = onlyKeyOf(buyer);
        assertEquals(201, kept.responseStatus);
        assertEquals(first.asString(), kept.responseBody);
        assertNull(kept.leaseUntil);
    }

    @Test
    void theSameKeyWithAnotherBodyIs422AndChangesNothing() {
        create(buyer, key, SKYBLOCK).then().statusCode(201);
        KeyedRequest before = onlyKeyOf(buyer);

        Response reused = create(buyer, key, MEDIEVAL);

        assertEquals(422, reused.statusCode());
        assertEquals("IDEMPOTENCY_KEY_REUSED", reused.path("error.code"));
        assertEquals(1, ordersOf(buyer));
        assertEquals("skyblock-odyssey", Orders.onlyOrderOf(buyer).productId);
        assertEquals(1, providerCreateCalls());
        KeyedRequest after = onlyKeyOf(buyer);
        assertEquals(before.requestHash, after.requestHash);
        assertEquals(before.responseBody, after.responseBody);
    }

    @Test
    void aDeterministicClientErrorIsKeptAndReplayed() {
        String bitcoin = "{\"productId\":\"skyblock-odyssey\",\"provider\":\"bitcoin\"}";
        Response first = create(buyer, key, bitcoin);
        assertEquals(422, first.statusCode());
        assertEquals("UNSUPPORTED_PROVIDER", first.path("error.code"));

        Response retry = create(buyer, key, bitcoin);

        assertEquals(422, retry.statusCode());
        assertTrue(isReplay(retry));
        assertEquals(first.asString(), retry.asString());
        assertEquals(422, onlyKeyOf(buyer).responseStatus);
    }

    @Test
    void simultaneousRequestsWithOneKeyRunOnce() throws Exception {
        int requests = 6;
        // PayPal answering slowly keeps the first request running while the others arrive.
        PaypalFake.server().setGlobalFixedDelay(700);
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        List<Response> responses = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Callable<Response>> calls = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                calls.add(() -> {
                    start.await();
                    return create(buyer, key, SKYBLOCK);
                });
            }
            List<Future<Response>> futures = calls.stream().map(pool::submit).toList();
            start.countDown();
            for (Future<Response> future : futures) {
                responses.add(future.get());
            }
        } finally {
            PaypalFake.server().setGlobalFixedDelay(0);
            pool.shutdownNow();
        }

        List<Response> ran = responses.stream().filter(r -> r.statusCode() == 201 && !isReplay(r)).toList();
        assertEquals(1, ran.size(), "exactly one request runs the operation");
        for (Response other : responses) {
            if (other == ran.get(0)) {
                continue;
            }
            if (other.statusCode() == 409) {
                assertEquals("IDEMPOTENCY_KEY_IN_PROGRESS", other.path("error.code"));
            } else {
                assertTrue(isReplay(other), "status " + other.statusCode() + ": " + other.asString());
                assertEquals(ran.get(0).asString(), other.asString());
            }
        }
        assertEquals(1, ordersOf(buyer));
        assertEquals(1, providerCreateCalls());
        assertEquals(201, onlyKeyOf(buyer).responseStatus);
        Response later = create(buyer, key, SKYBLOCK);
        assertTrue(isReplay(later));
        assertEquals(ran.get(0).asString(), later.asString());
    }

    @Test
    void aProviderOutageIsNotKeptAndTheRetryWithTheSameKeyRuns() {
        var outage = PaypalFake.server().stubFor(post(urlEqualTo(CREATE_PATH)).atPriority(1)
                .willReturn(aResponse().withStatus(503).withBody("{\"name\":\"SERVICE_UNAVAILABLE\"}")));
        Response failed = create(buyer, key, SKYBLOCK);
        assertEquals(503, failed.statusCode());
        assertEquals("PROVIDER_UNAVAILABLE", failed.path("error.code"));
        KeyedRequest released = onlyKeyOf(buyer);
        assertNull(released.responseStatus);
        assertNull(released.leaseUntil);
        int callsWhileDown = providerCreateCalls();

        PaypalFake.server().removeStub(outage);
        Response retry = create(buyer, key, SKYBLOCK);

        assertEquals(201, retry.statusCode());
        assertTrue(!isReplay(retry), "the retry ran the operation");
        assertEquals(callsWhileDown + 1, providerCreateCalls());
        assertEquals(Orders.onlyOrderOf(buyer).id.toString(), retry.path("orderId"));
        assertEquals(201, onlyKeyOf(buyer).responseStatus);
        Response again = create(buyer, key, SKYBLOCK);
        assertTrue(isReplay(again));
        assertEquals(callsWhileDown + 1, providerCreateCalls());
    }

    @Test
    void aKeyHeldByARunningRequestIs409UntilItsLeaseRunsOut() {
        var outage = PaypalFake.server().stubFor(post(urlEqualTo(CREATE_PATH)).atPriority(1)
                .willReturn(aResponse().withStatus(503)));
        create(buyer, key, SKYBLOCK).then().statusCode(503);
        PaypalFake.server().removeStub(outage);
        int callsBefore = providerCreateCalls();
        setKeyLease(buyer, Instant.now().plusSeconds(60));

        Response held = create(buyer, key, SKYBLOCK);

        assertEquals(409, held.statusCode());
        assertEquals("IDEMPOTENCY_KEY_IN_PROGRESS", held.path("error.code"));
        assertEquals(callsBefore, providerCreateCalls());
        assertNull(onlyKeyOf(buyer).responseStatus);

        // The request holding it died: once its lease has run out, the key is free again.
        setKeyLease(buyer, Instant.now().minusSeconds(1));
        Response afterLease = create(buyer, key, SKYBLOCK);
        assertEquals(201, afterLease.statusCode());
        assertTrue(!isReplay(afterLease));
        assertEquals(callsBefore + 1, providerCreateCalls());
    }

    @Test
    void keysOfTwoUsersDoNotCollide() {
        String otherBuyer = "buyer-" + UUID.randomUUID();
        Response mine = create(buyer, key, SKYBLOCK);
        Response theirs = create(otherBuyer, key, MEDIEVAL);

        assertEquals(201, mine.statusCode());
        assertEquals(201, theirs.statusCode());
        assertTrue(!isReplay(theirs));
        assertEquals("medieval-realms", Orders.onlyOrderOf(otherBuyer).productId);
        assertEquals("skyblock-odyssey", Orders.onlyOrderOf(buyer).productId);
        assertEquals(2, providerCreateCalls());
        assertNotEquals(onlyKeyOf(buyer).requestHash, onlyKeyOf(otherBuyer).requestHash);
    }

    @Test
    void anExpiredKeyIsANewKey() {
        create(buyer, key, SKYBLOCK).then().statusCode(201);
        setKeyCreatedAt(buyer, Instant.now().minus(Duration.ofHours(24)).minusSeconds(1));

        Response reused = create(buyer, key, MEDIEVAL);

        assertEquals(201, reused.statusCode());
        assertTrue(!isReplay(reused));
        assertEquals(2, ordersOf(buyer));
        assertEquals(2, providerCreateCalls());
        KeyedRequest renewed = onlyKeyOf(buyer);
        assertEquals(reused.asString(), renewed.responseBody);
        assertTrue(renewed.createdAt.isAfter(Instant.now().minusSeconds(60)));
    }

    @Test
    void recordingAKeyDeletesExpiredOnes() {
        String pastBuyer = "buyer-" + UUID.randomUUID();
        String recentBuyer = "buyer-" + UUID.randomUUID();
        create(pastBuyer, key, SKYBLOCK).then().statusCode(201);
        create(recentBuyer, key, SKYBLOCK).then().statusCode(201);
        // Older than any other expired key, so it is among the first ones deleted.
        setKeyCreatedAt(pastBuyer, Instant.now().minus(Duration.ofDays(30)));

        create(buyer, key, SKYBLOCK).then().statusCode(201);

        assertEquals(0, keysOf(pastBuyer).size());
        assertEquals(1, keysOf(recentBuyer).size(), "an unexpired key stays");
        assertEquals(1, keysOf(buyer).size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "tab\tinside", "naïve", "256"})
    void aMalformedKeyIs400AndWritesNothing(String malformed) {
        String badKey = malformed.equals("256") ? "k".repeat(256) : malformed;
        Response refused = create(buyer, badKey, SKYBLOCK);

        assertEquals(400, refused.statusCode(), refused.asString());
        assertEquals("INVALID_REQUEST", refused.path("error.code"));
        assertEquals(0, ordersOf(buyer));
        assertEquals(0, keysOf(buyer).size());
        assertEquals(0, providerCreateCalls());
    }

    @Test
    void aKeyOf255PrintableCharactersIsAccepted() {
        String longest = "k !~".repeat(63) + "abc";
        create(buyer, longest, SKYBLOCK).then().statusCode(201);
        assertEquals(longest, onlyKeyOf(buyer).idempotencyKey);
    }
}
