package dev.pagos.support;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pagos.billing.Renewals;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Subscribing, reading charges and trails, and running the billing job, for the subscription flow tests. */
public final class Subscriptions {

    private static final AtomicLong EVENT_SEQUENCE = new AtomicLong();

    public static final String APPROVING_CARD = "4242424242424242";
    public static final String DECLINING_CARD = "4111111111111111";
    public static final String ERRORING_CARD = "5555555555554444";

    private Subscriptions() {
    }

    /** The seed's example with another workspace and card: business + ventas free + 2 paid + 2 bots = 187.00 USD. */
    public static String payload(String workspaceId, String cardNumber) {
        return """
                {"workspace_id":"%s","workspace_name":"Mi Empresa","owner_email":"owner@example.com",
                 "phone":"+57 300 000 0000","document_type":"CC","document_number":"1234567890","assistants_only":false,
                 "plan_id":"business","free_assistant_id":1,"paid_assistant_ids":[2,3],
                 "addons":[{"id":1,"quantity":2,"botFlowNs":"flow123"}],
                 "card_details":{"exp_date":{"year":29,"month":12},"card_holder":"JOHN DOE","card_number":"%s","cvv":"123"}}"""
                .formatted(workspaceId, cardNumber);
    }

    public static JsonPath subscribe(String user, String workspaceId, String cardNumber) {
        return Api.as(user).body(payload(workspaceId, cardNumber)).post("/subscriptions").then().statusCode(202)
                .extract().jsonPath();
    }

    public static JsonPath get(String user, String workspaceId) {
        return Api.as(user).get("/subscriptions/" + workspaceId).then().statusCode(200).extract().jsonPath();
    }

    public record ChargeRow(UUID id, int periodIndex, int attempt, String status, long amount, String providerPaymentId) {
    }

    public static List<ChargeRow> charges(String subscriptionId) {
        List<ChargeRow> rows = new ArrayList<>();
        try (Connection c = Database.open(); var s = c.prepareStatement("""
                SELECT id, period_index, attempt, status, amount_minor, provider_payment_id FROM charges
                WHERE subscription_id = ? ORDER BY period_index, attempt""")) {
            s.setObject(1, UUID.fromString(subscriptionId));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(new ChargeRow((UUID) r.getObject(1), r.getInt(2), r.getInt(3), r.getString(4), r.getLong(5),
                            r.getString(6)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    public static ChargeRow lastCharge(String subscriptionId) {
        List<ChargeRow> all = charges(subscriptionId);
        return all.get(all.size() - 1);
    }

    public static List<String> trail(String subscriptionId) {
        List<String> rows = new ArrayList<>();
        try (Connection c = Database.open(); var s = c.prepareStatement("""
                SELECT coalesce(from_status, 'null') || '->' || to_status FROM subscription_transitions
                WHERE subscription_id = ? AND (from_status IS NULL OR from_status <> to_status) ORDER BY id""")) {
            s.setObject(1, UUID.fromString(subscriptionId));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(r.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    public static java.time.Instant nextActionAt(String subscriptionId) {
        try (Connection c = Database.open(); var s = c.prepareStatement("SELECT next_action_at FROM subscriptions WHERE id = ?")) {
            s.setObject(1, UUID.fromString(subscriptionId));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                java.sql.Timestamp at = r.getTimestamp(1);
                return at == null ? null : at.toInstant();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long liveEntitlements(String subscriptionId) {
        return Database.count("SELECT count(*) FROM entitlements WHERE subscription_id = ? AND revoked_at IS NULL",
                UUID.fromString(subscriptionId));
    }

    public static String paymentSource(String subscriptionId) {
        try (Connection c = Database.open(); var s = c.prepareStatement(
                "SELECT provider_data->>'paymentSourceId' FROM subscriptions WHERE id = ?")) {
            s.setObject(1, UUID.fromString(subscriptionId));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs the billing job until it finds nothing due (other tests' subscriptions share the database). */
    public static void runBilling(Renewals renewals) {
        for (int i = 0; i < 20 && renewals.runDue().claimed() > 0; i++) {
            // again
        }
    }

    /**
     * Moves time to just after {@code at}, runs billing, lets Wompi decide (its card charges are PENDING first), and
     * runs billing again to settle.
     */
    public static void billAt(Renewals renewals, Instant at) {
        MutableClock.INSTANCE.setTo(at.plusSeconds(60));
        runBilling(renewals);
        MutableClock.INSTANCE.advance(Duration.ofMinutes(3));
        runBilling(renewals);
    }

    /**
     * Wompi stamps an event when it sends it, and Pagos refuses one far from its own clock, which these tests move
     * across months; each event also needs its own second, because the timestamp is part of a Wompi event's id.
     */
    public static long eventTime() {
        return MutableClock.INSTANCE.instant().getEpochSecond() + EVENT_SEQUENCE.incrementAndGet() % 300;
    }

    /** Wompi's signed event for a charge, delivered to the webhook, which must apply it. */
    public static void deliver(ChargeRow charge, String status) {
        WompiFake.deliver(WompiFake.event(charge.providerPaymentId(), status, charge.amount(), "charge-" + charge.id(),
                eventTime())).then().statusCode(200).body("result", equalTo("PROCESSED"));
    }

    /** Subscribes with the approving card and activates it by the first charge's event. */
    public static String activeSubscription(String user, String workspace) {
        String id = subscribe(user, workspace, APPROVING_CARD).getString("subscription_id");
        deliver(lastCharge(id), "APPROVED");
        assertEquals("ACTIVE", get(user, workspace).getString("status"));
        return id;
    }

    /** Every row of every table of the application's schema, as text. */
    public static Map<String, List<String>> dumpAllTables() {
        Map<String, List<String>> dump = new LinkedHashMap<>();
        try (Connection c = Database.open()) {
            List<String> tables = new ArrayList<>();
            try (var s = c.createStatement(); ResultSet r = s.executeQuery(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")) {
                while (r.next()) {
                    tables.add(r.getString(1));
                }
            }
            for (String table : tables) {
                List<String> rows = new ArrayList<>();
                try (var s = c.createStatement(); ResultSet r = s.executeQuery("SELECT t::text FROM \"" + table + "\" t")) {
                    while (r.next()) {
                        rows.add(r.getString(1));
                    }
                }
                dump.put(table, rows);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return dump;
    }
}
