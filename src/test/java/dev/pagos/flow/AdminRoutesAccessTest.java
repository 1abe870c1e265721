package dev.pagos.flow;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagos.function.Routes;
import dev.pagos.support.Api;
import dev.pagos.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every admin route refuses anyone but an admin, before it reads its body or changes anything: 403 FORBIDDEN for a
 * signed-in non-admin, 401 without a token. The table is every route under /admin in {@link Routes} (so a new admin
 * route is covered the day it is added) plus GET /subscriptions, the admins' list of every subscription.
 */
@QuarkusTest
class AdminRoutesAccessTest {

    static Stream<Routes.Route> adminRoutes() {
        List<Routes.Route> routes = Routes.HTTP.stream()
                .filter(route -> route.path().startsWith("/admin/") || route.routeKey().equals("GET /subscriptions"))
                .toList();
        Set<String> keys = routes.stream().map(Routes.Route::routeKey).collect(Collectors.toSet());
        // The table is not empty by accident: these must all be in it.
        assertTrue(keys.containsAll(Set.of("GET /subscriptions", "GET /admin/metrics", "GET /admin/review",
                "POST /admin/orders/{orderId}/refund", "POST /admin/orders/{orderId}/accept",
                "POST /admin/orders/{orderId}/reject", "POST /admin/charges/{chargeId}/refund",
                "POST /admin/charges/{chargeId}/accept", "POST /admin/charges/{chargeId}/reject",
                "POST /admin/webhook-events/{eventId}/replay", "POST /admin/wallets/{userId}/adjustments")),
                keys.toString());
        return routes.stream();
    }

    private static String concrete(String path) {
        return path.replace("{orderId}", UUID.randomUUID().toString())
                .replace("{chargeId}", UUID.randomUUID().toString())
                .replace("{eventId}", "1")
                .replace("{userId}", "someone-" + UUID.randomUUID());
    }

    private static io.restassured.response.Response call(RequestSpecification request, Routes.Route route) {
        String path = concrete(route.path());
        // A complete, valid body and query: only the caller's role can be refused.
        return switch (route.method()) {
            case "GET" -> request.queryParam("from", "2026-01-01").queryParam("to", "2026-02-01").get(path);
            case "POST" -> request.body("{\"reason\":\"checking access\",\"manual_reference\":\"R-1\"}").post(path);
            default -> throw new IllegalArgumentException(route.method());
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adminRoutes")
    void aSignedInNonAdminIsForbidden(Routes.Route route) {
        long auditBefore = Database.count("SELECT count(*) FROM admin_actions");
        call(Api.as("not-an-admin-" + UUID.randomUUID()), route).then().statusCode(403)
                .body("error.code", equalTo("FORBIDDEN"));
        assertEquals(auditBefore, Database.count("SELECT count(*) FROM admin_actions"), "nothing written");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adminRoutes")
    void noTokenIsUnauthenticated(Routes.Route route) {
        call(Api.anonymous(), route).then().statusCode(401).body("error.code", equalTo("UNAUTHENTICATED"));
    }
}
