package dev.pagos.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.pagos.order.Order;
import dev.pagos.order.OrderStatus;
import dev.pagos.support.Api;
import dev.pagos.support.Orders;
import dev.pagos.support.PaypalFake;
import dev.pagos.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Who may do what, what bad input gets, and what a provider failure leaves behind when ordering. */
@QuarkusTest
class OrderApiTest {

    private String buyer;

    @BeforeEach
    void reset() {
        PaypalFake.resetStubs();
        buyer = "buyer-" + UUID.randomUUID();
    }

    private long ordersOf(String user) {
        return Orders.countOf(user);
    }

    @Test
    void anotherUsersOrderIsNotVisible() {
        Orders.Placed order = Orders.place(buyer, "skyblock-odyssey");
        Api.as("someone-else").get("/orders/" + order.orderId()).then().statusCode(404)
                .body("error.code", equalTo("ORDER_NOT_FOUND"));
        Api.as(buyer).get("/orders/" + order.orderId()).then().statusCode(200)
                .body("orderId", equalTo(order.orderId().toString()))
                .body("qrCode", notNullValue());
    }

    @Test
    void theBuyerIsTheTokenSubjectNotAFieldOfTheBody() {
        String id = Api.as(buyer).body("{\"productId\":\"skyblock-odyssey\",\"userId\":\"victim\"}").post("/orders")
                .then().statusCode(201).extract().path("orderId");
        assertEquals(buyer, Orders.order(UUID.fromString(id)).userId);
        assertEquals(0, ordersOf("victim"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "garbage", "expired", "wrong-issuer", "other-key", "tampered"})
    void badTokensAreRefusedAndCreateNothing(String kind) {
        String header = switch (kind) {
            case "none" -> null;
            case "garbage" -> "Bearer not.a.jwt";
            case "expired" -> "Bearer " + Tokens.expired(buyer);
            case "wrong-issuer" -> "Bearer " + Tokens.wrongIssuer(buyer);
            case "other-key" -> "Bearer " + Tokens.signedByAnotherKey(buyer);
            case "tampered" -> "Bearer " + Tokens.tampered("someone", buyer);
            default -> throw new IllegalArgumentException(kind);
        };
        var request = Api.anonymous().body("{\"productId\":\"skyblock-odyssey\"}");
        if (header != null) {
            request.header("Authorization", header);
        }
        request.post("/orders").then().statusCode(401).body("error.code", equalTo("UNAUTHENTICATED"));
        assertEquals(0, ordersOf(buyer));
        PaypalFake.server().verify(0, postRequestedFor(urlEqualTo("/v2/checkout/orders")));
    }

    @Test
    void unknownProductIs404() {
        Api.as(buyer).body("{\"productId\":\"no-such-pack\"}").post("/orders").then().statusCode(404)
                .body("error.code", equalTo("PRODUCT_NOT_FOUND"));
        assertEquals(0, ordersOf(buyer));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{not json", "[]", "{}", "{\"productId\":\"\"}", "{\"productId\":[\"skyblock-odyssey\"]}"})
    void badBodiesAre400AndChangeNothing(String body) {
        Api.as(buyer).body(body).post("/orders").then().statusCode(400)
                .body("error.code", equalTo("INVALID_REQUEST")).body("error.message", notNullValue());
        assertEquals(0, ordersOf(buyer));
    }

    @Test
    void unsupportedProviderIs422() {
        Api.as(buyer).body("{\"productId\":\"skyblock-odyssey\",\"provider\":\"bitcoin\"}").post("/orders").then()
                .statusCode(422).body("error.code", equalTo("UNSUPPORTED_PROVIDER"));
        assertEquals(0, ordersOf(buyer));
    }

    @Test
    void malformedOrderIdIs400() {
        Api.as(buyer).get("/orders/not-a-uuid").then().statusCode(400).body("error.code", equalTo("INVALID_REQUEST"));
    }

    @Test
    void paypalDownKeepsTheOrderAndTheRetryReusesTheSameRequestId() {
        var outage = PaypalFake.server().stubFor(post(urlEqualTo("/v2/checkout/orders")).atPriority(1)
                .willReturn(aResponse().withStatus(503).withBody("{\"name\":\"SERVICE_UNAVAILABLE\"}")));

        Api.as(buyer).body("{\"productId\":\"skyblock-odyssey\"}").post("/orders").then().statusCode(503)
                .body("error.code", equalTo("PROVIDER_UNAVAILABLE"));
        Order kept = Orders.onlyOrderOf(buyer);
        assertEquals(OrderStatus.PENDING, kept.status);
        assertEquals(null, kept.providerOrderId);

        // PayPal is back: the same buyer retries and gets the same order, opened with the same request id.
        PaypalFake.server().removeStub(outage);
        Api.as(buyer).body("{\"productId\":\"skyblock-odyssey\"}").post("/orders").then().statusCode(201)
                .body("orderId", equalTo(kept.id.toString()))
                .body("approveUrl", equalTo("https://www.sandbox.paypal.com/checkoutnow?token=PP" + kept.id));
        List<LoggedRequest> creates = PaypalFake.server().findAll(postRequestedFor(urlEqualTo("/v2/checkout/orders")));
        assertEquals(4, creates.size(), "three attempts while down, one after");
        assertTrue(creates.stream().allMatch(r -> ("pagos-create-" + kept.id).equals(r.getHeader("PayPal-Request-Id"))));
        assertEquals(1, ordersOf(buyer));
    }

    @Test
    void anAccessTokenPaypalNoLongerAcceptsIsReplacedOnce() {
        PaypalFake.server().stubFor(post(urlEqualTo("/v2/checkout/orders")).atPriority(1).inScenario("token")
                .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(aResponse().withStatus(401).withHeader("content-type", "application/json")
                        .withBody("{\"name\":\"AUTHENTICATION_FAILURE\"}"))
                .willSetStateTo("expired-once"));

        Api.as(buyer).body("{\"productId\":\"skyblock-odyssey\"}").post("/orders").then().statusCode(201);
        Api.as(buyer + "-2").body("{\"productId\":\"skyblock-odyssey\"}").post("/orders").then().statusCode(201);

        PaypalFake.server().verify(1, postRequestedFor(urlEqualTo("/v1/oauth2/token")));
        PaypalFake.server().verify(3, postRequestedFor(urlEqualTo("/v2/checkout/orders")));
    }

    @Test
    void paypalRefusingTheOrderFailsItWith502() {
        PaypalFake.server().stubFor(post(urlEqualTo("/v2/checkout/orders")).atPriority(1).willReturn(aResponse()
                .withStatus(422).withHeader("content-type", "application/json").withBody("""
                        {"name":"UNPROCESSABLE_ENTITY","details":[{"issue":"CURRENCY_NOT_SUPPORTED"}]}""")));
        Api.as(buyer).body("{\"productId\":\"skyblock-odyssey\"}").post("/orders").then().statusCode(502)
                .body("error.code", equalTo("PROVIDER_REJECTED"));
        Order failed = Orders.onlyOrderOf(buyer);
        assertEquals(OrderStatus.FAILED, failed.status);
        assertEquals(List.of("null->PENDING", "PENDING->FAILED"), Orders.trail(failed.id));
    }

    @Test
    void doubleClickOpensOneCheckout() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<String>> clicks = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                clicks.add(() -> Api.as(buyer).body("{\"productId\":\"medieval-realms\"}").post("/orders")
                        .then().statusCode(201).extract().path("orderId"));
            }
            HashSet<String> orderIds = new HashSet<>();
            for (Future<String> click : pool.invokeAll(clicks)) {
                orderIds.add(click.get());
            }
            assertEquals(1, orderIds.size(), "every click returns the same order");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, ordersOf(buyer));
    }

    @Test
    void anUnpaidOrderPastTheCheckoutLifetimeIsExpiredNotReused() {
        Orders.Placed stale = Orders.place(buyer, "skyblock-odyssey");
        Orders.setCreatedAt(stale.orderId(), java.time.Instant.now().minus(java.time.Duration.ofHours(4)));

        Orders.Placed fresh = Orders.place(buyer, "skyblock-odyssey");

        assertTrue(!fresh.orderId().equals(stale.orderId()), "a new order, with a new checkout");
        assertEquals(OrderStatus.FAILED, Orders.status(stale.orderId()));
        assertEquals(List.of("null->PENDING", "PENDING->FAILED"), Orders.trail(stale.orderId()));
        Api.as(buyer).get("/orders/" + stale.orderId()).then().body("failureReason", equalTo("not paid within PT3H"))
                .body("displayStatus", equalTo("expired"));
    }

    @Test
    void myProductsNeedsATokenAndStartsEmpty() {
        Api.anonymous().get("/me/products").then().statusCode(401);
        Api.as(buyer).get("/me/products").then().statusCode(200).body("products.size()", equalTo(0));
    }

    @Test
    void errorsHaveTheJsonShape() {
        Api.as(buyer).get("/orders/" + UUID.randomUUID()).then().statusCode(404)
                .header("content-type", equalTo("application/json"))
                .body("error.code", equalTo("ORDER_NOT_FOUND"))
                .body("error.message", notNullValue())
                .body("status", nullValue());
    }
}
