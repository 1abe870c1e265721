package dev.pagos.metrics;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.pagos.function.Routes;
import dev.pagos.support.Api;
import dev.pagos.support.Database;
import dev.pagos.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GET /admin/metrics on a hand-computed fixture (src/test/resources/metrics/fixture.sql: January to March 2001, before
 * any other test's rows). Every expected number below is a literal worked out by hand from the fixture's story and
 * the catalogue's prices (business 99.00, business_lite 49.00, assistant 29.00, bot 15.00 USD; annual = 12 months at
 * 15% off; 4000 COP/USD, 1 USD cent = 4000 COP cents), not read from the code.
 *
 * <pre>
 * MRR (USD cents) per workspace at the boundaries:
 *             Jan 1    Feb 1    Mar 1    Apr 1
 *   A          4900     4900     9900     9900   business_lite -> business at the boundary Feb 10: expansion +5000
 *   B          9900     9900     4900     4900   business -> business_lite at the boundary Feb 5: contraction 5000
 *   C          2900     2900        0        0   cancel at period end, CANCELED Feb 20: churn 2900
 *   D             0        0    11400    11400   99.00 + 1 bot 15.00, new Feb 15
 *   E          4900        0     8415     8415   E1 PAST_DUE Jan 1 (still MRR), CANCELED Jan 15: churn 4900;
 *                                                E2 annual business 1009.80 (99.00 x 12 x 0.85) / 12 = 84.15 Feb 3: reactivation
 *   F          9900     9900     9900     9900   PAST_DUE Mar 1, recovered Mar 4 (past due stays in MRR)
 *   total     32500    27600    44515    44515
 *   customers     5        4        5        5
 * </pre>
 */
@QuarkusTest
class MetricsTest {

    private static final String ADMIN = "Bearer " + Tokens.admin("metrics-admin");

    @BeforeEach
    void fixture() {
        run("metrics/cleanup.sql");
        run("metrics/fixture.sql");
    }

    @AfterEach
    void cleanup() {
        run("metrics/cleanup.sql");
    }

    private static JsonPath metrics(String query) {
        return Api.anonymous().header("Authorization", ADMIN).get("/admin/metrics?" + query)
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void monthlyIntervalsFromTheHandComputedFixture() {
        JsonPath m = metrics("from=2001-01-01&to=2001-04-01&interval=month");
        assertEquals("month", m.getString("interval"));
        assertEquals(3, m.getList("intervals").size());
        assertEquals("2001-01-01T00:00:00Z", m.getString("intervals[0].start"));
        assertEquals("2001-02-01T00:00:00Z", m.getString("intervals[0].end"));
        assertEquals("2001-04-01T00:00:00Z", m.getString("intervals[2].end"));

        // January: E1 churns (it was PAST_DUE from Jan 1, still in MRR, until CANCELED Jan 15).
        assertMrr(m, 0, 32_500, 27_600);
        // COP as collected: every charge so far at 4000 COP/USD: 32,500 x 4000 and 27,600 x 4000.
        assertEquals(130_000_000L, m.getLong("intervals[0].mrr.cop_minor.start"));
        assertEquals(110_400_000L, m.getLong("intervals[0].mrr.cop_minor.end"));
        assertMovements(m, 0, 0, 0, 0, 4_900, 0);
        assertEquals(Map.of("start", 5, "end", 4, "new", 0, "reactivated", 0, "expanded", 0, "contracted", 0,
                "churned", 1), m.getMap("intervals[0].customers"));
        // 12 x 27,600
        assertEquals(331_200L, m.getLong("intervals[0].arr.usd_minor"));
        // 1 of 5 customers; (4900 + 0) / 32500 = 0.150769 -> 0.1508; (32500 - 4900) / 32500 = 0.849230 -> 0.8492.
        assertEquals(0.2f, m.getFloat("intervals[0].logo_churn_rate"));
        assertEquals(0.1508f, m.getFloat("intervals[0].revenue_churn_rate"));
        assertEquals(0.8492f, m.getFloat("intervals[0].net_revenue_retention"));
        // 27,600 / 4 = 6900.
        assertEquals(6_900L, m.getLong("intervals[0].arpa_usd_minor"));
        // E1's renewal declined Jan 1 and Jan 8 (2 failed renewals), 1 entered PAST_DUE, never recovered.
        assertEquals(Map.of("failed_renewals", 2, "entered_past_due", 1, "recovered", 0, "recovery_rate", 0f),
                m.getMap("intervals[0].dunning"));
        // ACTIVE at Feb 1: A, B, C, F.
        assertEquals(Map.of("PENDING", 0, "ACTIVE", 4, "PAST_DUE", 0), m.getMap("intervals[0].subscriptions.by_status"));
        assertEquals(0, m.getInt("intervals[0].subscriptions.new"));
        assertEquals(1, m.getInt("intervals[0].subscriptions.churned"));

        // February: one of each movement. 27,600 + 11,400 + 5,000 - 5,000 - 2,900 + 8,415 = 44,515.
        assertMrr(m, 1, 27_600, 44_515);
        assertMovements(m, 1, 11_400, 5_000, 5_000, 2_900, 8_415);
        assertEquals(Map.of("start", 4, "end", 5, "new", 1, "reactivated", 1, "expanded", 1, "contracted", 1,
                "churned", 1), m.getMap("intervals[1].customers"));
        // COP: 44,515 x 4000 (E2's 1009.80 USD annual = 403,920,000 COP cents / 12 = 33,660,000 = 8,415 x 4000).
        assertEquals(178_060_000L, m.getLong("intervals[1].mrr.cop_minor.end"));
        // 12 x 44,515 = 534,180.
        assertEquals(534_180L, m.getLong("intervals[1].arr.usd_minor"));
        // 1 of 4; (2900 + 5000) / 27600 = 0.286231 -> 0.2862; (27600 + 5000 - 5000 - 2900) / 27600 = 0.894927 -> 0.8949.
        assertEquals(0.25f, m.getFloat("intervals[1].logo_churn_rate"));
        assertEquals(0.2862f, m.getFloat("intervals[1].revenue_churn_rate"));
        assertEquals(0.8949f, m.getFloat("intervals[1].net_revenue_retention"));
        // 44,515 / 5 = 8903.
        assertEquals(8_903L, m.getLong("intervals[1].arpa_usd_minor"));
        // ACTIVE at Mar 1: A, B, D, E2, F; D and E2 activated, C canceled.
        assertEquals(Map.of("PENDING", 0, "ACTIVE", 5, "PAST_DUE", 0), m.getMap("intervals[1].subscriptions.by_status"));
        assertEquals(2, m.getInt("intervals[1].subscriptions.new"));
        assertEquals(1, m.getInt("intervals[1].subscriptions.churned"));
        assertEquals(Map.of("failed_renewals", 0, "entered_past_due", 0, "recovered", 0),
                withoutRate(m.getMap("intervals[1].dunning")));
        assertNull(m.get("intervals[1].dunning.recovery_rate"));
        // One-time: the modpack by PayPal 12.99 USD and by Wompi 51,960 COP; the plan purchase 396,000 COP (refunded
        // in March: still February's revenue); the failed order is nothing.
        assertEquals(List.of(
                Map.of("item", "plan:business", "currency", "COP", "orders", 1, "amount_minor", 39_600_000),
                Map.of("item", "skyblock-odyssey", "currency", "COP", "orders", 1, "amount_minor", 5_196_000),
                Map.of("item", "skyblock-odyssey", "currency", "USD", "orders", 1, "amount_minor", 1_299)),
                m.getList("intervals[1].one_time_revenue.by_item"));
        assertEquals(List.of(
                Map.of("provider", "paypal", "currency", "USD", "orders", 1, "amount_minor", 1_299),
                Map.of("provider", "wompi", "currency", "COP", "orders", 2, "amount_minor", 44_796_000)),
                m.getList("intervals[1].one_time_revenue.by_provider"));
        assertEquals(List.of(), m.getList("intervals[1].refunds"));

        // March: F's renewal declined Mar 1 and paid Mar 4 at 4100 COP/USD: USD MRR unchanged, COP as collected
        // + 9,900 x 100 = 990,000. G is PENDING since Mar 31.
        assertMrr(m, 2, 44_515, 44_515);
        assertMovements(m, 2, 0, 0, 0, 0, 0);
        assertEquals(179_050_000L, m.getLong("intervals[2].mrr.cop_minor.end"));
        assertEquals(0f, m.getFloat("intervals[2].logo_churn_rate"));
        assertEquals(1f, m.getFloat("intervals[2].net_revenue_retention"));
        assertEquals(Map.of("failed_renewals", 1, "entered_past_due", 1, "recovered", 1, "recovery_rate", 1f),
                m.getMap("intervals[2].dunning"));
        assertEquals(Map.of("PENDING", 1, "ACTIVE", 5, "PAST_DUE", 0), m.getMap("intervals[2].subscriptions.by_status"));
        assertEquals(List.of(Map.of("currency", "COP", "orders", 1, "amount_minor", 39_600_000)),
                m.getList("intervals[2].refunds"));
        assertEquals(List.of(), m.getList("intervals[2].one_time_revenue.by_item"));
    }

    @Test
    void movementsAddUpToTheChangeAtAnyGranularity() {
        for (String interval : List.of("day", "week", "month")) {
            JsonPath m = metrics("from=2000-12-25&to=2001-04-03&interval=" + interval);
            List<Map<String, Object>> intervals = m.getList("intervals");
            long previousEnd = -1;
            for (int i = 0; i < intervals.size(); i++) {
                String at = "intervals[" + i + "].";
                long start = m.getLong(at + "mrr.usd_minor.start");
                long end = m.getLong(at + "mrr.usd_minor.end");
                long sum = m.getLong(at + "movements_usd_minor.new") + m.getLong(at + "movements_usd_minor.expansion")
                        - m.getLong(at + "movements_usd_minor.contraction") - m.getLong(at + "movements_usd_minor.churn")
                        + m.getLong(at + "movements_usd_minor.reactivation");
                assertEquals(end - start, sum, interval + " " + m.getString(at + "start"));
                assertEquals(sum, m.getLong(at + "movements_usd_minor.net"));
                if (previousEnd >= 0) {
                    assertEquals(previousEnd, start);
                }
                previousEnd = end;
            }
            // Dec 25: A, B, C, E1, F = 4900 + 9900 + 2900 + 4900 + 9900 = 32,500; Apr 3: 44,515.
            assertEquals(32_500L, m.getLong("intervals[0].mrr.usd_minor.start"));
            assertEquals(44_515L, m.getLong("intervals[" + (intervals.size() - 1) + "].mrr.usd_minor.end"));
        }
        // By day: E2's reactivation on Feb 3 (8,415) and B's contraction on Feb 5 (5,000) each in its own day.
        JsonPath days = metrics("from=2001-02-03&to=2001-02-06&interval=day");
        assertMovements(days, 0, 0, 0, 0, 0, 8_415);
        assertMovements(days, 1, 0, 0, 0, 0, 0);
        assertMovements(days, 2, 0, 0, 5_000, 0, 0);
        // The last week is cut at "to": Feb 1 + 7 days, then Feb 8 to Feb 10 (A's expansion on Feb 10 is after).
        JsonPath weeks = metrics("from=2001-02-01&to=2001-02-10&interval=week");
        assertEquals("2001-02-08T00:00:00Z", weeks.getString("intervals[1].start"));
        assertEquals("2001-02-10T00:00:00Z", weeks.getString("intervals[1].end"));
        assertMovements(weeks, 0, 0, 0, 5_000, 0, 8_415);
        assertMovements(weeks, 1, 0, 0, 0, 0, 0);
    }

    @Test
    void aCustomerWhoChurnsAndComesBackInsideOneIntervalMovesByTheDifference() {
        // One interval, Jan 10 to Feb 9 (a month from Jan 10 is Feb 10, cut at "to"). E is 4900 at the start (E1) and
        // 8415 at the end (E2): its churn on Jan 15 and reactivation on Feb 3 compare as an expansion of 3,515.
        // B's contraction on Feb 5 is 5,000; A's change (Feb 10), D (Feb 15) and C (Feb 20) are after.
        // 32,500 - 4,900 + 8,415 - 5,000 = 31,015.
        JsonPath m = metrics("from=2001-01-10&to=2001-02-09&interval=month");
        assertEquals(1, m.getList("intervals").size());
        assertEquals("2001-02-09T00:00:00Z", m.getString("intervals[0].end"));
        assertMrr(m, 0, 32_500, 31_015);
        assertMovements(m, 0, 0, 3_515, 5_000, 0, 0);
        assertEquals(1, m.getInt("intervals[0].subscriptions.churned"));
        assertEquals(1, m.getInt("intervals[0].subscriptions.new"));

        // Months from Dec 31: Jan 31, then Feb 28 (clamped), then Mar 1 (cut at "to").
        JsonPath months = metrics("from=2000-12-31&to=2001-03-01&interval=month");
        assertEquals("2001-01-31T00:00:00Z", months.getString("intervals[0].end"));
        assertEquals("2001-02-28T00:00:00Z", months.getString("intervals[1].end"));
        assertEquals("2001-03-01T00:00:00Z", months.getString("intervals[2].end"));
        assertMovements(months, 0, 0, 0, 0, 4_900, 0);
        // Jan 31 to Feb 28: E had MRR before, so it is a reactivation (8,415), D is new.
        assertMovements(months, 1, 11_400, 5_000, 5_000, 2_900, 8_415);
    }

    @Test
    void badParametersAre400() {
        for (String query : List.of("", "from=2001-01-01", "to=2001-01-01", "from=2001-02-01&to=2001-01-01",
                "from=2001-01-01&to=2001-01-01", "from=2001-1-1&to=2001-02-01", "from=2001-02-30&to=2001-03-01",
                "from=2001-01-01&to=2001-02-01&interval=year", "from=2001-01-01&to=2006-01-01&interval=day")) {
            Api.anonymous().header("Authorization", ADMIN).get("/admin/metrics" + (query.isEmpty() ? "" : "?" + query))
                    .then().statusCode(400)
                    .body("error.code", equalTo("INVALID_REQUEST"));
        }
    }

    @Test
    void everyAdminRouteIs403ForANonAdminAnd401ForNobody() {
        List<Routes.Route> admin = Routes.HTTP.stream()
                .filter(route -> route.path().startsWith("/admin/")
                        || route.handler().equals(Routes.SUBSCRIPTION_LIST))
                .toList();
        assertEquals(3, admin.size(), admin.toString());
        for (Routes.Route route : admin) {
            String path = route.path().replaceAll("\\{\\w+}", "metrics-buyer") + "?from=2001-01-01&to=2001-02-01";
            Api.as("metrics-someone").request(route.method(), path).then().statusCode(403)
                    .body("error.code", equalTo("FORBIDDEN"));
            Api.anonymous().request(route.method(), path).then().statusCode(401)
                    .body("error.code", equalTo("UNAUTHENTICATED"));
        }
    }

    private static void assertMrr(JsonPath m, int i, long start, long end) {
        assertEquals(start, m.getLong("intervals[" + i + "].mrr.usd_minor.start"), "MRR at the start of " + i);
        assertEquals(end, m.getLong("intervals[" + i + "].mrr.usd_minor.end"), "MRR at the end of " + i);
    }

    private static void assertMovements(JsonPath m, int i, long newMrr, long expansion, long contraction, long churn,
            long reactivation) {
        assertEquals(Map.of("new", (int) newMrr, "expansion", (int) expansion, "contraction", (int) contraction,
                "churn", (int) churn, "reactivation", (int) reactivation,
                "net", (int) (newMrr + expansion - contraction - churn + reactivation)),
                m.getMap("intervals[" + i + "].movements_usd_minor"), "movements of " + i);
    }

    private static Map<String, Object> withoutRate(Map<String, Object> dunning) {
        Map<String, Object> copy = new java.util.HashMap<>(dunning);
        copy.remove("recovery_rate");
        return copy;
    }

    private static void run(String resource) {
        try (InputStream in = MetricsTest.class.getClassLoader().getResourceAsStream(resource);
                Connection connection = Database.open(); Statement sql = connection.createStatement()) {
            sql.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
