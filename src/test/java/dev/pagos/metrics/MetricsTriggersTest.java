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
    private static final AtomicLong EVENT_SEQUENCE = new AtomicLong();

    @Inject
    Renewals renewals;

    @Inject
    ExchangeRates rates;

    @BeforeEach
    void fixedRate() {
        CLOCK.reset();
        WompiFake.rateIs("{\"base\":\"USD\",\"rates\":{\"COP\":4000}}");
        rates.forget();
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
        activeSubscription(user, a);
        String bFirst = activeSubscription(user, b);
        String dId = activeSubscription(user, d);
        String annual = "metrics-ws-annual-" + UUID.randomUUID();
        String eId = Api.as(user).body(Subscriptions.payload(annual, Subscriptions.APPROVING_CARD)
                        .replace("\"plan_id\"", "\"period\":\"annual\",\"plan_id\"")).post("/subscriptions")
                .then().statusCode(202).extract().path("subscription_id");
        deliver(Subscriptions.lastCharge(eId), "APPROVED");

        // A changes plan (applied at its renewal), B cancels at the period end, D's card starts declining.
        Api.as(user).body("{\"plan_id\":\"business_lite\"}").patch("/subscriptions/" + a).then().statusCode(200);
        Api.as(user).delete("/subscriptions/" + b + "/cancel").then().statusCode(204);
        WompiRecurringFake.sourceNowBehavesAs(Subscriptions.paymentSource(dId), "DECLINED");

        Instant end = Instant.parse(Subscriptions.get(user, d).getString("current_period_end"));
        billAt(end);
        assertEquals("ACTIVE", Subscriptions.get(user, a).getString("status"));
        assertEquals("CANCELED", Subscriptions.get(user, b).getString("status"));
        assertEquals("PAST_DUE", Subscriptions.get(user, d).getString("status"));
        WompiRecurringFake.sourceNowBehavesAs(Subscriptions.paymentSource(dId), "APPROVED");
        billAt(end.plus(Duration.ofDays(1)));
        assertEquals("ACTIVE", Subscriptions.get(user, d).getString("status"));
        // B comes back with a new subscription.
        String bSecond = activeSubscription(user, b);
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

    private static long eventTime() {
        return CLOCK.instant().getEpochSecond() + EVENT_SEQUENCE.incrementAndGet() % 300;
    }

    private static void deliver(ChargeRow charge, String status) {
        WompiFake.deliver(WompiFake.event(charge.providerPaymentId(), status, charge.amount(), "charge-" + charge.id(),
                eventTime())).then().statusCode(200).body("result", equalTo("PROCESSED"));
    }

    private static String activeSubscription(String user, String workspace) {
        String id = Subscriptions.subscribe(user, workspace, Subscriptions.APPROVING_CARD).getString("subscription_id");
        deliver(Subscriptions.lastCharge(id), "APPROVED");
        assertEquals("ACTIVE", Subscriptions.get(user, workspace).getString("status"));
        return id;
    }

    private void billAt(Instant at) {
        CLOCK.setTo(at.plusSeconds(60));
        Subscriptions.runBilling(renewals);
        CLOCK.advance(Duration.ofMinutes(3));
        Subscriptions.runBilling(renewals);
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
