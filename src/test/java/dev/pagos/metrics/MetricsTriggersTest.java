package dev.pagos.metrics;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagos.billing.Renewals;
import dev.pagos.exchange.ExchangeRates;
import dev.pagos.order.OrderStatus;
import dev.pagos.support.Api;
import dev.pagos.support.Database;
import dev.pagos.support.MutableClock;
import dev.pagos.support.Orders;
import dev.pagos.support.PaypalEvents;
import dev.pagos.support.PaypalOrders;
import dev.pagos.support.Purchases;
import dev.pagos.support.Subscriptions;
import dev.pagos.support.Subscriptions.ChargeRow;
import dev.pagos.support.Tokens;
import dev.pagos.support.WompiFake;
import dev.pagos.support.WompiRecurringFake;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The metrics' facts are kept by database triggers (V13) as the application changes subscriptions, charges and
 * orders. Here real changes go through the deployed functions and the billing job (Wompi and PayPal faked at their
 * HTTP boundary, the clock moved across a month): subscribes, a plan change applied at the renewal, a cancel at the
 * period end, a declined renewal recovered by a retry, a come-back, an annual plan, a PayPal purchase and its refund.
 * The MRR rows the triggers wrote for these workspaces are checked against hand-computed amounts, and the whole
 * answer of GET /admin/metrics is checked against the same metrics recomputed from the history
 * ({@code metrics_rebuild()}: every fact from the rows, set-wise). Other tests' rows share the database and are in
 * both, which only widens the comparison.
 * Prices at 4000 COP/USD: the seed's selection is business 99 + two paid assistants 58 + two bots 30 = 187.00 USD;
 * with business_lite 49 it is 137.00; annual = 187.00 x 12 x 0.85 = 1907.40, / 12 = 158.95 a month.
 */
@QuarkusTest
@QuarkusTestResource(WompiFake.class)
class MetricsTriggersTest {

    private static final String ADMIN = "Bearer " + Tokens.admin("metrics-admin");
    private static final MutableClock CLOCK = MutableClock.INSTANCE;

    @Inject
    Renewals renewals;

    @Inject
    ExchangeRates rates;

    @BeforeEach
    void fixedRate() {
        CLOCK.reset();
        WompiFake.copPerUsdIs(4000, rates);
    }

    @AfterEach
    void realTime() {
        CLOCK.reset();
    }

    @Test
    void whatTheTriggersKeepIsWhatTheHistorySaysAfterRealChanges() {
        LocalDate from = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        LocalDate to = from.plusDays(50);

        // One-time: a PayPal purchase of create-industrial (8.99 USD), then PayPal refunds it.
        String buyer = "metrics-buyer-" + UUID.randomUUID();
        Purchases.Completed order = Purchases.completeWithPaypal(buyer, "create-industrial", "8.99");
        PaypalOrders.captured(order.paypalOrderId(), order.orderId(), "REFUNDED", "8.99");
        PaypalEvents.deliver(PaypalEvents.capture("PAYMENT.CAPTURE.REFUNDED", PaypalEvents.newEventId(), "REF-1",
                "COMPLETED", order.paypalOrderId(), order.orderId(), "8.99")).then().statusCode(200);
        assertEquals(OrderStatus.REFUNDED, Orders.status(order.orderId()));

        String user = "metrics-subscriber-" + UUID.randomUUID();
        String a = "metrics-ws-a-" + UUID.randomUUID();
        String b = "metrics-ws-b-" + UUID.randomUUID();
        String d = "metrics-ws-d-" + UUID.randomUUID();
        Subscriptions.activeSubscription(user, a);
        String bFirst = Subscriptions.activeSubscription(user, b);
        String dId = Subscriptions.activeSubscription(user, d);
        String annual = "metrics-ws-annual-" + UUID.randomUUID();
        String eId = Api.as(user).body(Subscriptions.payload(annual, Subscriptions.APPROVING_CARD)
                        .replace("\"plan_id\"", "\"period\":\"annual\",\"plan_id\"")).post("/subscriptions")
                .then().statusCode(202).extract().path("subscription_id");
        Subscriptions.deliver(Subscriptions.lastCharge(eId), "APPROVED");

        // A changes plan (applied at its renewal), B cancels at the period end, D's card starts declining.
        Api.as(user).body("{\"plan_id\":\"business_lite\"}").patch("/subscriptions/" + a).then().statusCode(200);
        Api.as(user).delete("/subscriptions/" + b + "/cancel").then().statusCode(204);
        WompiRecurringFake.sourceNowBehavesAs(Subscriptions.paymentSource(dId), "DECLINED");

        Instant end = Instant.parse(Subscriptions.get(user, d).getString("current_period_end"));
        Subscriptions.billAt(renewals, end);
        assertEquals("ACTIVE", Subscriptions.get(user, a).getString("status"));
        assertEquals("CANCELED", Subscriptions.get(user, b).getString("status"));
        assertEquals("PAST_DUE", Subscriptions.get(user, d).getString("status"));
        WompiRecurringFake.sourceNowBehavesAs(Subscriptions.paymentSource(dId), "APPROVED");
        Subscriptions.billAt(renewals, end.plus(Duration.ofDays(1)));
        assertEquals("ACTIVE", Subscriptions.get(user, d).getString("status"));
        // B comes back with a new subscription.
        String bSecond = Subscriptions.activeSubscription(user, b);
        assertTrue(!bSecond.equals(bFirst), "a new subscription");

        // Each workspace's USD MRR as the triggers recorded it, before -> after, in time order.
        assertEquals(List.of("0->18700", "18700->13700"), usdMoves(a));
        assertEquals(List.of("0->18700", "18700->0", "0->18700"), usdMoves(b));
        assertEquals(List.of("0->18700"), usdMoves(d), "past due stays in MRR; the recovery changes nothing");
        assertEquals(List.of("0->15895"), usdMoves(annual));
        // B's come-back is a reactivation: it had MRR before.
        assertEquals(List.of(false, true, true), hadMrrBefore(b));

        String byDay = metrics(from, to, "day");
        String byWeek = metrics(from, to, "week");
        String byMonth = metrics(from, to, "month");
        JsonPath month = new JsonPath(byMonth);
        assertTrue(month.getLong("intervals[0].movements_usd_minor.new") >= 18_700 * 3 + 15_895, byMonth);
        assertTrue(month.getInt("intervals[0].refunds[0].orders") >= 1, byMonth);

        Database.count("SELECT count(*) FROM (SELECT metrics_rebuild()) r");
        assertEquals(byDay, metrics(from, to, "day"), "by day: the triggers' facts against the history");
        assertEquals(byWeek, metrics(from, to, "week"), "by week");
        assertEquals(byMonth, metrics(from, to, "month"), "by month");
    }

    private static String metrics(LocalDate from, LocalDate to, String interval) {
        return Api.anonymous().header("Authorization", ADMIN)
                .get("/admin/metrics?from=" + from + "&to=" + to + "&interval=" + interval)
                .then().statusCode(200).extract().asString();
    }

    /**
     * Every renewal refreshes its workspace's MRR in the trigger, so that refresh must stay a few index lookups at
     * any size. With the charges joined set against set, a planner that believed the table small (statistics not yet
     * caught up with a bulk of renewals) sorted every approved charge for each refresh: 13 to 19 ms per refresh at
     * 3,000 subscriptions, twice per renewal, which halved the renewal fan-out's throughput. The query's shape now
     * forces the lookups whatever the planner's costs say; here the costs are pushed toward a merge or hash join.
     */
    @Test
    void aWorkspaceRefreshReadsItsChargesByIndexWhateverThePlannerCosts() throws SQLException {
        try (Connection connection = Database.open(); var statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            for (String setting : List.of("", "SET LOCAL enable_nestloop = off",
                    "SET LOCAL enable_nestloop = off; SET LOCAL enable_hashjoin = off")) {
                if (!setting.isEmpty()) {
                    statement.execute(setting);
                }
                List<String> plan = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery(
                        "EXPLAIN SELECT * FROM metrics_mrr_series(ARRAY['some-workspace']::varchar[])")) {
                    while (rows.next()) {
                        plan.add(rows.getString(1));
                    }
                }
                List<String> chargeScans = new ArrayList<>();
                for (int i = 0; i < plan.size(); i++) {
                    if (plan.get(i).matches(".* on charges( \\w+)?  .*")) {
                        // The node's own lines (its conditions) run until the next node's arrow.
                        StringBuilder node = new StringBuilder(plan.get(i).trim());
                        for (int j = i + 1; j < plan.size() && !plan.get(j).contains("->"); j++) {
                            node.append(" / ").append(plan.get(j).trim());
                        }
                        chargeScans.add(node.toString());
                    }
                }
                assertTrue(!chargeScans.isEmpty(), "the plan reads charges: " + String.join("\n", plan));
                for (String scan : chargeScans) {
                    assertTrue(scan.contains("Index") && scan.matches(".*Index Cond: \\(.*subscription_id = s\\.id.*"),
                            "with '" + setting + "' charges are read by subscription, not whole: " + scan
                                    + "\n" + String.join("\n", plan));
                }
            }
            connection.rollback();
        }
    }

    private static List<String> usdMoves(String workspace) {
        List<String> moves = new ArrayList<>();
        query("SELECT usd_before || '->' || usd_after FROM metrics_mrr_changes WHERE workspace_id = ?"
                + " AND usd_before <> usd_after ORDER BY at", workspace, r -> moves.add(r.getString(1)));
        return moves;
    }

    private static List<Boolean> hadMrrBefore(String workspace) {
        List<Boolean> had = new ArrayList<>();
        query("SELECT had_mrr_before FROM metrics_mrr_changes WHERE workspace_id = ? AND usd_before <> usd_after"
                + " ORDER BY at", workspace, r -> had.add(r.getBoolean(1)));
        return had;
    }

    private interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    private static void query(String sql, String parameter, RowReader reader) {
        try (Connection connection = Database.open(); var statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    reader.read(rows);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
