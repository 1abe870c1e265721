package dev.pagos.metrics;

import dev.pagos.persistence.Sql;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The metrics' SQL: read-only statements over the facts that V13's triggers record as subscriptions, charges and
 * orders change (metrics_mrr_changes and the metrics_*_daily roll-ups), so a request reads small tables instead of
 * the history. Each statement takes the interval boundaries ($1, ascending, n + 1 instants for n intervals, all UTC
 * midnights, so a UTC day is never split) and assigns every fact to its interval with {@code width_bucket}: 0 before
 * the first boundary, i for [bounds[i], bounds[i+1]); facts at or after the last boundary are left out. The
 * definitions are the README's ("Admin metrics").
 */
final class MetricsStore {

    private MetricsStore() {
    }

    /**
     * MRR: the totals per interval from the daily roll-up (bucket 0, everything before the first boundary, is the
     * state at the start), and the movements: each customer's MRR at the start and end of every interval it moved in,
     * classified. A move with no other move of its workspace within 31 days (most of them) is the workspace's only
     * move in any interval and was classified when it was written: the roll-up has its sums. The other moves are read
     * here: each row carries the workspace's MRR before and after it and its previous and next move, so a row knows
     * whether it is the workspace's first move in its interval (its MRR before is the start, and whether it had MRR
     * before tells new from reactivation) or its last (its MRR after is the end); only workspaces that moved more than
     * once in an interval are grouped.
     */
    private static final String MRR = """
            WITH daily AS (
                SELECT width_bucket(day::timestamp AT TIME ZONE 'UTC', $1::timestamptz[]) AS b,
                       sum(usd_delta) AS usd, sum(cop_delta) AS cop, sum(customers_delta) AS customers,
                       sum(new_usd) AS new_usd, sum(new_customers) AS new_customers,
                       sum(reactivation_usd) AS reactivation_usd, sum(reactivated_customers) AS reactivated_customers,
                       sum(expansion_usd) AS expansion_usd, sum(expanded_customers) AS expanded_customers,
                       sum(contraction_usd) AS contraction_usd, sum(contracted_customers) AS contracted_customers,
                       sum(churn_usd) AS churn_usd, sum(churned_customers) AS churned_customers
                FROM metrics_mrr_daily WHERE day < ($2 AT TIME ZONE 'UTC')::date
                GROUP BY 1
            ), close AS MATERIALIZED (
                SELECT workspace_id, b, usd_before, usd_after, had_mrr_before,
                       previous_usd_at IS NULL OR width_bucket(previous_usd_at, $1::timestamptz[]) < b AS first,
                       next_usd_at IS NULL OR width_bucket(next_usd_at, $1::timestamptz[]) > b AS last
                FROM (SELECT workspace_id, usd_before, usd_after, had_mrr_before, previous_usd_at, next_usd_at,
                             width_bucket(at, $1::timestamptz[]) AS b
                      FROM metrics_mrr_changes
                      WHERE usd_before <> usd_after AND NOT isolated AND at >= $3 AND at < $2) c
            ), ends AS (
                SELECT b, usd_before AS s, usd_after AS e, had_mrr_before AS had_before FROM close WHERE first AND last
                UNION ALL
                SELECT b, sum(usd_before) FILTER (WHERE first), sum(usd_after) FILTER (WHERE last),
                       bool_or(had_mrr_before) FILTER (WHERE first)
                FROM close WHERE first <> last
                GROUP BY workspace_id, b
            ), moves AS (
                SELECT b,
                       coalesce(sum(e) FILTER (WHERE s = 0 AND e > 0 AND NOT had_before), 0) AS new_usd,
                       count(*) FILTER (WHERE s = 0 AND e > 0 AND NOT had_before) AS new_customers,
                       coalesce(sum(e) FILTER (WHERE s = 0 AND e > 0 AND had_before), 0) AS reactivation_usd,
                       count(*) FILTER (WHERE s = 0 AND e > 0 AND had_before) AS reactivated_customers,
                       coalesce(sum(e - s) FILTER (WHERE s > 0 AND e > s), 0) AS expansion_usd,
                       count(*) FILTER (WHERE s > 0 AND e > s) AS expanded_customers,
                       coalesce(sum(s - e) FILTER (WHERE e > 0 AND s > e), 0) AS contraction_usd,
                       count(*) FILTER (WHERE e > 0 AND s > e) AS contracted_customers,
                       coalesce(sum(s) FILTER (WHERE s > 0 AND e = 0), 0) AS churn_usd,
                       count(*) FILTER (WHERE s > 0 AND e = 0) AS churned_customers
                FROM ends GROUP BY b
            )
            SELECT d.b, d.usd, d.cop, d.customers,
                   d.new_usd + coalesce(m.new_usd, 0) AS new_usd,
                   d.new_customers + coalesce(m.new_customers, 0) AS new_customers,
                   d.reactivation_usd + coalesce(m.reactivation_usd, 0) AS reactivation_usd,
                   d.reactivated_customers + coalesce(m.reactivated_customers, 0) AS reactivated_customers,
                   d.expansion_usd + coalesce(m.expansion_usd, 0) AS expansion_usd,
                   d.expanded_customers + coalesce(m.expanded_customers, 0) AS expanded_customers,
                   d.contraction_usd + coalesce(m.contraction_usd, 0) AS contraction_usd,
                   d.contracted_customers + coalesce(m.contracted_customers, 0) AS contracted_customers,
                   d.churn_usd + coalesce(m.churn_usd, 0) AS churn_usd,
                   d.churned_customers + coalesce(m.churned_customers, 0) AS churned_customers
            FROM daily d LEFT JOIN moves m ON m.b = d.b
            ORDER BY 1""";

    /** Status changes per interval (notes, from = to, are not recorded): counts by status, new and churned. */
    private static final String STATUS_CHANGES = """
            SELECT width_bucket(day::timestamp AT TIME ZONE 'UTC', $1::timestamptz[]) AS b,
                   nullif(from_status, '') AS from_status, to_status, sum(n) AS n
            FROM metrics_status_daily
            WHERE day < ($2 AT TIME ZONE 'UTC')::date
            GROUP BY 1, 2, 3 ORDER BY 1""";

    /**
     * Dunning per interval: declined renewal attempts (period index above 0) by the day they were declined; moves from
     * ACTIVE into PAST_DUE, and of those the ones whose next status change (as of now) is back to ACTIVE.
     */
    private static final String DUNNING = """
            SELECT width_bucket(day::timestamp AT TIME ZONE 'UTC', $1::timestamptz[]) AS b,
                   sum(failed_renewals) AS failed, sum(entered_past_due) AS entered, sum(recovered) AS recovered
            FROM metrics_dunning_daily
            WHERE day >= ($3 AT TIME ZONE 'UTC')::date AND day < ($2 AT TIME ZONE 'UTC')::date
            GROUP BY 1 ORDER BY 1""";

    /**
     * One-time revenue per interval: orders completed in it (COMPLETED, or REFUNDED since), by what was sold (the
     * product; for a plan purchase "plan:" and its plan; "assistants" for assistants alone) and by provider, in the
     * order's currency.
     */
    private static final String ONE_TIME = """
            SELECT width_bucket(day::timestamp AT TIME ZONE 'UTC', $1::timestamptz[]) AS b, item, provider, currency,
                   sum(orders) AS orders, sum(amount) AS amount
            FROM metrics_sales_daily
            WHERE day >= ($3 AT TIME ZONE 'UTC')::date AND day < ($2 AT TIME ZONE 'UTC')::date
            GROUP BY GROUPING SETS ((1, item, currency), (1, provider, currency))
            HAVING sum(orders) <> 0
            ORDER BY b, item NULLS LAST, provider, currency""";

    /** Refunds per interval: orders that moved to REFUNDED in it, by currency. */
    private static final String REFUNDS = """
            SELECT width_bucket(day::timestamp AT TIME ZONE 'UTC', $1::timestamptz[]) AS b, currency,
                   sum(orders) AS orders, sum(amount) AS amount
            FROM metrics_refunds_daily
            WHERE day >= ($3 AT TIME ZONE 'UTC')::date AND day < ($2 AT TIME ZONE 'UTC')::date
            GROUP BY 1, 2 HAVING sum(orders) <> 0 ORDER BY 1, 2""";

    record MrrRow(int bucket, long usd, long cop, long customers, long newUsd, long newCustomers,
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
                row.getLong("customers"), row.getLong("new_usd"), row.getLong("new_customers"),
                row.getLong("reactivation_usd"), row.getLong("reactivated_customers"), row.getLong("expansion_usd"),
                row.getLong("expanded_customers"), row.getLong("contraction_usd"), row.getLong("contracted_customers"),
                row.getLong("churn_usd"), row.getLong("churned_customers")), array(bounds), end(bounds), start(bounds));
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
