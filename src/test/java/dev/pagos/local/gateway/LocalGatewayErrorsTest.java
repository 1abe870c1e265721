package dev.pagos.local.gateway;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagos.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Whatever the local HTTP layer refuses on its own (no function involved) still answers in our JSON error
 * shape, as API Gateway would answer in its own: unknown routes, wrong methods, oversized or malformed requests.
 */
@QuarkusTest
class LocalGatewayErrorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anUnknownPathIsAJson404() {
        Api.anonymous().get("/no/such/route").then().statusCode(404)
                .header("content-type", equalTo("application/json"))
                .body("error.code", equalTo("ROUTE_NOT_FOUND")).body("error.message", notNullValue());
    }

    @Test
    void aWrongMethodOnAKnownPathIsAJson405() {
        Api.anonymous().delete("/orders").then().statusCode(405)
                .header("content-type", equalTo("application/json"))
                .body("error.code", equalTo("METHOD_NOT_ALLOWED"));
        Api.anonymous().get("/webhooks/paypal").then().statusCode(405)
                .body("error.code", equalTo("METHOD_NOT_ALLOWED"));
    }

    @Test
    void aBodyOverTheLimitIsAJson413() {
        Api.as("someone").body("{\"productId\":\"" + "x".repeat(1024 * 1024) + "\"}").post("/orders").then()
                .statusCode(413).header("content-type", equalTo("application/json"))
                .body("error.code", equalTo("PAYLOAD_TOO_LARGE"));
    }

    @Test
    void aTooLongRequestLineIsAJson414() throws Exception {
        RawResponse response = raw("GET /products?q=" + "a".repeat(10 * 1024) + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Connection: close\r\n\r\n");
        response.assertJsonError(414, "URI_TOO_LONG");
    }

    @Test
    void tooLargeHeadersAreAJson431() throws Exception {
        RawResponse response = raw("GET /products HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "b".repeat(30 * 1024)
                + "\r\nConnection: close\r\n\r\n");
        response.assertJsonError(431, "HEADERS_TOO_LARGE");
    }

    @Test
    void aBraceInThePathIsAJson400() throws Exception {
        RawResponse response = raw("GET /orders/{id} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        response.assertJsonError(400, "INVALID_REQUEST");
    }

    @Test
    void aControlByteInAHeaderValueIsAJson400() throws Exception {
        String body = "{\"productId\":\"skyblock-odyssey\"}";
        RawResponse response = raw("POST /orders HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + dev.pagos.support.Tokens.valid("header-" + java.util.UUID.randomUUID())
                + "\r\nIdempotency-Key: key\u0001one\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length() + "\r\nConnection: close\r\n\r\n" + body);
        response.assertJsonError(400, "INVALID_REQUEST");
    }

    @Test
    void staticPagesAndFunctionsStillAnswer() {
        RestAssured.given().port(Api.port()).get("/").then().statusCode(200)
                .header("content-type", containsString("text/html"));
        Api.anonymous().get("/products").then().statusCode(200);
    }

    private record RawResponse(int status, String headers, String body) {

        void assertJsonError(int expectedStatus, String code) throws Exception {
            assertEquals(expectedStatus, status, headers + body);
            assertTrue(headers.toLowerCase(Locale.ROOT).contains("content-type: application/json"), headers);
            JsonNode error = JSON.readTree(body).path("error");
            assertEquals(code, error.path("code").asText(), body);
            assertTrue(!error.path("message").asText().isEmpty(), body);
        }
    }

    /** rest-assured cannot send a 10 KB request line or a malformed path, so these go over a plain socket. */
    private static RawResponse raw(String request) throws Exception {
        try (Socket socket = new Socket("localhost", Api.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            in.transferTo(received);
            String text = received.toString(StandardCharsets.ISO_8859_1);
            int split = text.indexOf("\r\n\r\n");
            assertTrue(split > 0, "no HTTP response: " + text);
            String head = text.substring(0, split);
            String body = text.substring(split + 4);
            int status = Integer.parseInt(head.split(" ")[1]);
            return new RawResponse(status, head, dechunk(head, body));
        }
    }

    private static String dechunk(String head, String body) {
        if (!head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
            return body;
        }
        StringBuilder joined = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = body.indexOf("\r\n", at);
            int size = Integer.parseInt(body.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                return joined.toString();
            }
            joined.append(body, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
