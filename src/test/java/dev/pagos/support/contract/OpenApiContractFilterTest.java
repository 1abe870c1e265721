package dev.pagos.support.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.pagos.error.ErrorCode;
import dev.pagos.function.Routes;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract filter itself, against a small server that answers whatever a test tells it to: it lets a
 * conforming answer through and fails on an unknown field, an undeclared status, a wrong type, an error code with
 * another code's status, and a path the contract lacks; local mode's own pages are not checked.
 */
class OpenApiContractFilterTest {

    private static final OpenApiContract CONTRACT = OpenApiContract.repository();
    private static HttpServer server;
    private static volatile int status;
    private static volatile String body;
    private static volatile String contentType;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            if (contentType != null) {
                exchange.getResponseHeaders().add("content-type", contentType);
            }
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static RequestSpecification api(int answerStatus, String answerBody) {
        status = answerStatus;
        body = answerBody;
        contentType = "application/json";
        int port = server.getAddress().getPort();
        return RestAssured.given().port(port).filter(new OpenApiContractFilter(CONTRACT, () -> port));
    }

    private static final String PRODUCT = "{\"id\":\"skyblock-odyssey\",\"name\":\"Skyblock Odyssey\",\"description\":null,"
            + "\"price\":1299,\"currency\":\"USD\"";

    @Test
    void aConformingAnswerPasses() {
        api(200, "{\"products\":[" + PRODUCT + "}]}").get("/products").then().statusCode(200);
        api(404, "{\"error\":{\"code\":\"ORDER_NOT_FOUND\",\"message\":\"No such order\"}}")
                .get("/orders/1f0c2a4e-7b3d-4c8e-a1f9-6d5e4c3b2a10").then().statusCode(404);
    }

    @Test
    void anUnknownFieldFails() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> api(200, "{\"products\":[" + PRODUCT + ",\"secret\":\"x\"}]}").get("/products"));
        assertTrue(e.getMessage().contains("secret"), e.getMessage());
        AssertionError top = assertThrows(AssertionError.class,
                () -> api(200, "{\"products\":[],\"debug\":true}").get("/products"));
        assertTrue(top.getMessage().contains("debug"), top.getMessage());
    }

    @Test
    void anUndeclaredStatusFails() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> api(201, "{\"products\":[]}").get("/products"));
        assertTrue(e.getMessage().contains("status 201 is not declared for GET /products"), e.getMessage());
        assertThrows(AssertionError.class, () -> api(204, "").get("/me/products"));
    }

    @Test
    void aWrongTypeOrAMissingFieldFails() {
        assertThrows(AssertionError.class,
                () -> api(200, "{\"products\":[" + PRODUCT.replace("1299", "\"12.99\"") + "}]}").get("/products"));
        assertThrows(AssertionError.class, () -> api(200, "{}").get("/products"));
        assertThrows(AssertionError.class, () -> api(200, "not json").get("/products"));
    }

    @Test
    void anErrorCodeTravelsWithItsOwnStatus() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> api(400, "{\"error\":{\"code\":\"ORDER_NOT_FOUND\",\"message\":\"x\"}}").get("/orders/abc"));
        assertTrue(e.getMessage().contains("travels with 404"), e.getMessage());
        assertThrows(AssertionError.class,
                () -> api(400, "{\"error\":{\"code\":\"NO_SUCH_CODE\",\"message\":\"x\"}}").get("/orders/abc"));
    }

    @Test
    void aPathOrMethodOutsideTheContractMustBeRefused() {
        AssertionError e = assertThrows(AssertionError.class, () -> api(200, "{}").get("/admin/secrets"));
        assertTrue(e.getMessage().contains("not in the contract"), e.getMessage());
        api(404, "{\"error\":{\"code\":\"ROUTE_NOT_FOUND\",\"message\":\"No route matches this path\"}}")
                .get("/admin/secrets").then().statusCode(404);
        assertThrows(AssertionError.class, () -> api(200, "{}").delete("/products"));
        api(405, "{\"error\":{\"code\":\"METHOD_NOT_ALLOWED\",\"message\":\"x\"}}").delete("/products").then().statusCode(405);
    }

    @Test
    void aBodyWhereTheContractHasNoneFails() {
        // (An HTTP server sends no body with a 204, so the contract is asked directly.)
        assertTrue(CONTRACT.check("DELETE", "/subscriptions/123/cancel", 204, "application/json", "{}").problems()
                .get(0).contains("declares no body"));
        assertTrue(CONTRACT.check("DELETE", "/subscriptions/123/cancel", 204, null, "").ok());
        api(204, "").delete("/subscriptions/123/cancel").then().statusCode(204);
    }

    @Test
    void localModesOwnPagesAreNotChecked() {
        api(200, "<html></html>").get("/paypal-sim/checkoutnow?token=x").then().statusCode(200);
        api(418, "anything").get("/dev/token").then().statusCode(418);
    }

    @Test
    void theContractListsEveryErrorCodeWithItsStatus() {
        Map<String, Integer> codes = new LinkedHashMap<>();
        for (ErrorCode code : ErrorCode.values()) {
            codes.put(code.name(), code.httpStatus());
        }
        assertEquals(codes, CONTRACT.errorCodes());
    }

    @Test
    void theContractHasExactlyTheRoutesOfRoutesJava() {
        Set<String> routes = Routes.HTTP.stream().map(Routes.Route::routeKey).collect(Collectors.toCollection(TreeSet::new));
        Set<String> contract = CONTRACT.operations().stream().map(OpenApiContract.Operation::key)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(routes, contract);
    }
}
