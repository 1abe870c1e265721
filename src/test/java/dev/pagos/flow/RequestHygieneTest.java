package dev.pagos.flow;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagos.persistence.Sql;
import dev.pagos.persistence.Transactions;
import dev.pagos.support.Api;
import dev.pagos.support.Orders;
import dev.pagos.support.PaypalFake;
import dev.pagos.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What reaches the database and what comes back in error messages: control characters are refused at the
 * edge (PostgreSQL rejects NUL in text and would answer 500), bodies are strict JSON declared as JSON, and
 * messages are ours, short, and never echo a Java type or an unbounded piece of input.
 */
@QuarkusTest
class RequestHygieneTest {

    private String buyer;

    @BeforeEach
    void reset() {
        PaypalFake.resetStubs();
        buyer = "buyer-" + UUID.randomUUID();
    }

    private static long ordersOf(String user) {
        return Orders.countOf(user);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "\u0007", "\n", "\u007f", "\u009b"})
    void aSubjectWithAControlCharacterIsUnauthenticatedAndCreatesNothing(String control) {
        String prefix = "nul-" + UUID.randomUUID();
        String token = Tokens.valid(prefix + control + "x");

        Api.anonymous().header("Authorization", "Bearer " + token).body("{\"productId\":\"skyblock-odyssey\"}")
                .post("/orders").then().statusCode(401).body("error.code", equalTo("UNAUTHENTICATED"));
        Api.anonymous().header("Authorization", "Bearer " + token).get("/me/products")
                .then().statusCode(401).body("error.code", equalTo("UNAUTHENTICATED"));
        // The subject itself cannot be looked up (PostgreSQL refuses NUL), so look for anything starting like it.
        assertEquals(0, Transactions.autocommit(() -> Sql.count("SELECT count(*) FROM orders WHERE user_id LIKE $1",
                prefix + "%")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"productId\":\"sky\\u0000\"}",
            "{\"productId\":\"skyblock-odyssey\",\"provider\":\"pay\\u0001pal\"}",
            "{\"productId\":\"skyblock-odyssey\",\"userId\":\"ignored\\u0000\"}",
            "{\"productId\":\"skyblock-odyssey\",\"extra\":{\"nested\":[\"a\\u001bb\"]}}",
            "{\"productId\":\"skyblock-odyssey\",\"na\\u0000me\":1}",
    })
    void controlCharactersAnywhereInTheBodyAre400AndCreateNothing(String body) {
        Api.as(buyer).body(body).post("/orders").then().statusCode(400)
                .body("error.code", equalTo("INVALID_REQUEST"));
        assertEquals(0, ordersOf(buyer));
    }

    @Test
    void aControlCharacterInAPathParameterIs400() {
        Api.anonymous().urlEncodingEnabled(false).body("{}").post("/webhooks/pay%00pal").then().statusCode(400)
                .body("error.code", equalTo("INVALID_REQUEST"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"productId\":[\"skyblock-odyssey\"]}",
            "{\"productId\":{\"a\":1}}",
            "[]",
            "\"skyblock-odyssey\"",
            "{not json",
    })
    void messagesNeverNameJavaTypes(String body) {
        String message = Api.as(buyer).body(body).post("/orders").then().statusCode(400)
                .body("error.code", equalTo("INVALID_REQUEST")).extract().path("error.message");
        assertClean(message);
    }

    @Test
    void aWrongTypeNamesTheFieldOnly() {
        Api.as(buyer).body("{\"productId\":[\"skyblock-odyssey\"]}").post("/orders").then().statusCode(400)
                .body("error.message", equalTo("productId must be a string"));
    }

    @Test
    void aValueOverJacksonsLimitsIsRefusedWithOurOwnWords() {
        String message = Api.as(buyer).body("{\"productId\":" + "9".repeat(5000) + "}").post("/orders").then()
                .statusCode(400).body("error.code", equalTo("INVALID_REQUEST")).extract().path("error.message");
        assertClean(message);
        assertEquals(0, ordersOf(buyer));
    }

    @Test
    void anUnsupportedProviderIsNotEchoedBackWhole() {
        String provider = "x".repeat(100_000);
        String message = Api.as(buyer).body("{\"productId\":\"skyblock-odyssey\",\"provider\":\"" + provider + "\"}")
                .post("/orders").then().statusCode(422).body("error.code", equalTo("UNSUPPORTED_PROVIDER"))
                .extract().path("error.message");
        assertClean(message);
        assertEquals(0, ordersOf(buyer));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"productId\":\"skyblock-odyssey\"} garbage",
            "{\"productId\":\"skyblock-odyssey\"}{}",
            "{\"productId\":\"a\",\"productId\":\"skyblock-odyssey\"}",
            "{\"productId\":\"skyblock-odyssey\",\"extra\":{\"k\":1,\"k\":2}}",
    })
    void jsonIsStrict(String body) {
        String message = Api.as(buyer).body(body).post("/orders").then().statusCode(400)
                .body("error.code", equalTo("INVALID_REQUEST")).extract().path("error.message");
        assertClean(message);
        assertEquals(0, ordersOf(buyer));
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/jsonp", "text/json",
            "application/json; charset=iso-8859-1", ""})
    void aBodyThatIsNotDeclaredAsJsonIs415(String contentType) throws Exception {
        HttpResponse<String> response = postOrder(contentType, "{\"productId\":\"skyblock-odyssey\"}");
        assertEquals(415, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("content-type").orElse(null));
        assertTrue(response.body().contains("\"UNSUPPORTED_MEDIA_TYPE\""), response.body());
        assertEquals(0, ordersOf(buyer));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "Application/JSON;Charset=\"UTF-8\"",
            "application/vnd.pagos+json"})
    void jsonContentTypesAreAccepted(String contentType) throws Exception {
        assertEquals(201, postOrder(contentType, "{\"productId\":\"skyblock-odyssey\"}").statusCode());
        assertEquals(1, ordersOf(buyer));
    }

    /** rest-assured rewrites content types (adds a charset, refuses to send some); the JDK client sends them as given. */
    private HttpResponse<String> postOrder(String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + Api.port() + "/orders"))
                .header("Authorization", "Bearer " + Tokens.valid(buyer))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (!contentType.isEmpty()) {
            request.header("Content-Type", contentType);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void unknownFieldsAreStillIgnored() {
        Api.as(buyer)
                .body("{\"productId\":\"skyblock-odyssey\",\"userId\":\"victim\",\"coupon\":{\"code\":\"X\"}}")
                .post("/orders").then().statusCode(201);
        assertEquals(1, ordersOf(buyer));
    }

    private static void assertClean(String message) {
        assertTrue(message.length() <= 200, "bounded: " + message.length() + " characters");
        org.hamcrest.MatcherAssert.assertThat(message, allOf(not(containsString("dev.pagos")), not(containsString("java.")),
                not(containsString("$")), not(containsString("StreamReadConstraints")), not(containsString("com.fasterxml"))));
    }
}
