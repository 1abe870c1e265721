package dev.pagos.metrics;

import dev.pagos.persistence.Sql;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The metrics' SQL: read-only statements over subscriptions, their transitions, charges, orders and order
 * transitions. Each statement takes the interval boundaries ($1, ascending, n + 1 instants for n intervals) and
 * assigns every event to its interval with {@code width_bucket}: 0 before the first boundary, i for
 * [bounds[i], bounds[i+1]); events at or after the last boundary are left out. The definitions are the README's
 * ("Metrics").
 */
final class MetricsStore {

    private MetricsStore() {
    }

    /**
     * MRR in one pass. A subscription is live from its first move to ACTIVE until it is CANCELED (ACTIVE and PAST_DUE
     * both count); while live its MRR is the normalised price of its latest approved charge (annual: amount / 12,
     * half-up per charge). Each approved charge and each end becomes a per-subscription MRR delta; deltas are summed
     * per interval (totals), and per workspace (the customer) they give each customer's MRR at the start and end of
     * every interval it moved in, which classifies the movement.
     */
    private static final String MRR = """
            WITH live AS (
                SELECT t.subscription_id,
                       min(t.occurred_at) FILTER (WHERE t.to_status = 'ACTIVE') AS live_from,
                       min(t.occurred_at) FILTER (WHERE t.to_status = 'CANCELED') AS live_to
                FROM subscription_transitions t
                WHERE t.occurred_at < $2 AND t.to_status IN ('ACTIVE', 'CANCELED')
                GROUP BY t.subscription_id
            ), stepped AS (
                -- Each subscription's approved charges in period order, straight from the covering index.
                SELECT subscription_id, updated_at, amount_usd_minor AS usd, amount_minor AS cop,
                       lag(amount_usd_minor) OVER w AS previous_usd, lag(amount_minor) OVER w AS previous_cop,
                       lead(updated_at) OVER w AS next_at
                FROM charges
                WHERE status = 'APPROVED' AND updated_at < $2
                WINDOW w AS (PARTITION BY subscription_id ORDER BY period_index)
            ), priced AS (
                -- Normalised: an annual charge / 12, half-up to a cent, the same integer wherever a charge is used.
                SELECT s.workspace_id, l.live_to, greatest(st.updated_at, l.live_from) AS at,
                       l.live_to IS NOT NULL AND (st.next_at IS NULL OR st.next_at >= l.live_to) AS ends,
                       CASE WHEN s.billing_period = 'ANNUAL' THEN (st.usd + 6) / 12 ELSE st.usd END AS usd,
                       CASE WHEN s.billing_period = 'ANNUAL' THEN (st.cop + 6) / 12 ELSE st.cop END AS cop,
                       CASE WHEN s.billing_period = 'ANNUAL' THEN (st.previous_usd + 6) / 12 ELSE st.previous_usd END
                           AS previous_usd,
                       CASE WHEN s.billing_period = 'ANNUAL' THEN (st.previous_cop + 6) / 12 ELSE st.previous_cop END
                           AS previous_cop
                FROM stepped st
                JOIN live l ON l.subscription_id = st.subscription_id
                JOIN subscriptions s ON s.id = st.subscription_id
                WHERE l.live_from IS NOT NULL AND (l.live_to IS NULL OR st.updated_at < l.live_to)
            ), deltas AS MATERIALIZED (
                SELECT workspace_id, at, width_bucket(at, $1::timestamptz[]) AS b,
                       usd - coalesce(previous_usd, 0) AS d_usd, cop - coalesce(previous_cop, 0) AS d_cop
                FROM priced
                WHERE usd IS DISTINCT FROM previous_usd OR cop IS DISTINCT FROM previous_cop
                UNION ALL
                SELECT workspace_id, live_to, width_bucket(live_to, $1::timestamptz[]), -usd, -cop
                FROM priced WHERE ends AND live_to < $2
            ), totals AS (
                SELECT b, sum(d_usd) AS usd, sum(d_cop) AS cop FROM deltas GROUP BY b
            ), running AS (
                SELECT workspace_id, b, at, d_usd,
                       sum(d_usd) OVER (PARTITION BY workspace_id ORDER BY at) AS mrr
                FROM deltas WHERE d_usd <> 0
            ), peaked AS (
                SELECT workspace_id, b, d_usd,
                       max(mrr) OVER (PARTITION BY workspace_id ORDER BY at
                                      RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW EXCLUDE GROUP) AS peak_before
                FROM running
            ), per_customer AS (
                SELECT workspace_id, b, sum(d_usd) AS moved, coalesce(min(peak_before), 0) AS peak_before
                FROM peaked GROUP BY workspace_id, b
            ), ends AS (
                SELECT b, peak_before, e - moved AS s, e
                FROM (SELECT b, moved, peak_before, sum(moved) OVER (PARTITION BY workspace_id ORDER BY b) AS e
                      FROM per_customer) x
            ), moves AS (
                SELECT b,
                       count(*) FILTER (WHERE e > 0) AS customers_after,
                       coalesce(sum(e) FILTER (WHERE s = 0 AND e > 0 AND peak_before <= 0), 0) AS new_usd,
                       count(*) FILTER (WHERE s = 0 AND e > 0 AND peak_before <= 0) AS new_customers,
                       coalesce(sum(e) FILTER (WHERE s = 0 AND e > 0 AND peak_before > 0), 0) AS reactivation_usd,
                       count(*) FILTER (WHERE s = 0 AND e > 0 AND peak_before > 0) AS reactivated_customers,
                       coalesce(sum(e - s) FILTER (WHERE s > 0 AND e > s), 0) AS expansion_usd,
                       count(*) FILTER (WHERE s > 0 AND e > s) AS expanded_customers,
                       coalesce(sum(s - e) FILTER (WHERE e > 0 AND s > e), 0) AS contraction_usd,
                       count(*) FILTER (WHERE e > 0 AND s > e) AS contracted_customers,
                       coalesce(sum(s) FILTER (WHERE s > 0 AND e = 0), 0) AS churn_usd,
                       count(*) FILTER (WHERE s > 0 AND e = 0) AS churned_customers
                FROM ends GROUP BY b
            )
            SELECT coalesce(t.b, m.b) AS b, coalesce(t.usd, 0) AS usd, coalesce(t.cop, 0) AS cop,
                   coalesce(m.customers_after, 0) AS customers_after,
                   coalesce(m.new_usd, 0) AS new_usd, coalesce(m.new_customers, 0) AS new_customers,
                   coalesce(m.reactivation_usd, 0) AS reactivation_usd,
                   coalesce(m.reactivated_customers, 0) AS reactivated_customers,
                   coalesce(m.expansion_usd, 0) AS expansion_usd, coalesce(m.expanded_customers, 0) AS expanded_customers,
                   coalesce(m.contraction_usd, 0) AS contraction_usd,
                   coalesce(m.contracted_customers, 0) AS contracted_customers,
                   coalesce(m.churn_usd, 0) AS churn_usd, coalesce(m.churned_customers, 0) AS churned_customers
            FROM totals t FULL JOIN moves m ON m.b = t.b
            ORDER BY 1""";

    /** Status changes per interval (a note, from = to, is not a change): counts by status, new and churned. */
    private static final String STATUS_CHANGES = """
            SELECT width_bucket(occurred_at, $1::timestamptz[]) AS b, from_status, to_status, count(*) AS n
            FROM subscription_transitions
            WHERE occurred_at < $2 AND from_status IS DISTINCT FROM to_status
            GROUP BY 1, 2, 3 ORDER BY 1""";

    /**
     * Dunning per interval: declined renewal attempts (period index above 0) by when they were declined; moves from
     * ACTIVE into PAST_DUE, and of those the ones whose next status change (as of now) is back to ACTIVE.
     */
    private static final String DUNNING = """
            SELECT b, sum(failed) AS failed, sum(entered) AS entered, sum(recovered) AS recovered FROM (
                SELECT width_bucket(c.updated_at, $1::timestamptz[]) AS b, count(*) AS failed, 0 AS entered, 0 AS recovered
                FROM charges c
                WHERE c.status = 'DECLINED' AND c.period_index > 0 AND c.updated_at >= $3 AND c.updated_at < $2
                GROUP BY 1
                UNION ALL
                SELECT width_bucket(p.occurred_at, $1::timestamptz[]), 0, count(*), count(*) FILTER (WHERE n.to_status = 'ACTIVE')
                FROM subscription_transitions p
                LEFT JOIN LATERAL (
                    SELECT x.to_status FROM subscription_transitions x
                    WHERE x.subscription_id = p.subscription_id AND x.id > p.id AND x.to_status <> 'PAST_DUE'
                    ORDER BY x.id LIMIT 1) n ON TRUE
                WHERE p.to_status = 'PAST_DUE' AND p.from_status = 'ACTIVE' AND p.occurred_at >= $3 AND p.occurred_at < $2
                GROUP BY 1
            ) d GROUP BY b ORDER BY b""";

    /**
     * One-time revenue per interval: orders completed in it (COMPLETED, or REFUNDED since), by what was sold (the
     * product; for a plan purchase "plan:" and its plan; "assistants" for assistants alone) and by provider, in the
     * order's currency.
     */
    private static final String ONE_TIME = """
            WITH sold AS (
                SELECT width_bucket(o.completed_at, $1::timestamptz[]) AS b, o.provider, o.currency, o.amount_minor,
                       coalesce(o.product_id, 'plan:' || pl.item_id, 'assistants') AS item
                FROM orders o
                LEFT JOIN LATERAL (SELECT l.item_id FROM order_lines l
                                   WHERE l.order_id = o.id AND l.kind = 'PLAN' ORDER BY l.position LIMIT 1) pl
                       ON o.product_id IS NULL
                WHERE o.completed_at >= $3 AND o.completed_at < $2 AND o.status IN ('COMPLETED', 'REFUNDED')
            )
            SELECT b, item, provider, currency, count(*) AS orders, sum(amount_minor) AS amount
            FROM sold GROUP BY GROUPING SETS ((b, item, currency), (b, provider, currency))
            ORDER BY b, item NULLS LAST, provider, currency""";

    /** Refunds per interval: orders that moved to REFUNDED in it, by currency. */
    private static final String REFUNDS = """
            SELECT width_bucket(t.occurred_at, $1::timestamptz[]) AS b, o.currency, count(*) AS orders,
                   sum(o.amount_minor) AS amount
            FROM order_transitions t JOIN orders o ON o.id = t.order_id
            WHERE t.to_status = 'REFUNDED' AND t.occurred_at >= $3 AND t.occurred_at < $2
            GROUP BY 1, 2 ORDER BY 1, 2""";

    record MrrRow(int bucket, long usd, long cop, long customersAfter, long newUsd, long newCustomers,
            long reactivationUsd, long reactivatedCustomers, long expansionUsd, long expandedCustomers,
            long contractionUsd, long contractedCustomers, long churnUsd, long churnedCustomers) {
    }

    record StatusChange(int bucket, String from, String to, long count) {
    }

    record DunningRow(int bucket, long failedRenewals, long enteredPastDue, long recovered) {
    }

    /** A by-item row (provider null) or a by-provider row (item null): the two grouping sets. */
    record SoldRow(int bucket, String item, String provider, String currency, long orders, long amount) {
    }

    record RefundRow(int bucket, String currency, long orders, long amount) {
    }

    static Uni<List<MrrRow>> mrr(List<Instant> bounds) {
        return Sql.list(MRR, row -> new MrrRow(row.getInteger("b"), row.getLong("usd"), row.getLong("cop"),
                row.getLong("customers_after"), row.getLong("new_usd"), row.getLong("new_customers"),
                row.getLong("reactivation_usd"), row.getLong("reactivated_customers"), row.getLong("expansion_usd"),
                row.getLong("expanded_customers"), row.getLong("contraction_usd"), row.getLong("contracted_customers"),
                row.getLong("churn_usd"), row.getLong("churned_customers")), array(bounds), end(bounds));
    }

    static Uni<List<StatusChange>> statusChanges(List<Instant> bounds) {
        return Sql.list(STATUS_CHANGES, row -> new StatusChange(row.getInteger("b"), row.getString("from_status"),
                row.getString("to_status"), row.getLong("n")), array(bounds), end(bounds));
    }

    static Uni<List<DunningRow>> dunning(List<Instant> bounds) {
        return Sql.list(DUNNING, row -> new DunningRow(row.getInteger("b"), row.getLong("failed"),
                row.getLong("entered"), row.getLong("recovered")), array(bounds), end(bounds), start(bounds));
    }

    static Uni<List<SoldRow>> oneTime(List<Instant> bounds) {
        return Sql.list(ONE_TIME, row -> new SoldRow(row.getInteger("b"), row.getString("item"),
                row.getString("provider"), row.getString("currency"), row.getLong("orders"), row.getLong("amount")),
                array(bounds), end(bounds), start(bounds));
    }

    static Uni<List<RefundRow>> refunds(List<Instant> bounds) {
        return Sql.list(REFUNDS, row -> new RefundRow(row.getInteger("b"), row.getString("currency"),
                row.getLong("orders"), row.getLong("amount")), array(bounds), end(bounds), start(bounds));
    }

    private static OffsetDateTime[] array(List<Instant> bounds) {
        OffsetDateTime[] values = new OffsetDateTime[bounds.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = bounds.get(i).atOffset(ZoneOffset.UTC);
        }
        return values;
    }

    private static Instant start(List<Instant> bounds) {
        return bounds.get(0);
    }

    private static Instant end(List<Instant> bounds) {
        return bounds.get(bounds.size() - 1);
    }
}
