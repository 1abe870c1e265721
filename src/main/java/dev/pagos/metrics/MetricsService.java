package dev.pagos.metrics;

import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import dev.pagos.persistence.Transactions;
import dev.pagos.security.Authenticator.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GET /admin/metrics: subscription and one-time revenue metrics per interval, read from the database in SQL
 * ({@link MetricsStore}), exact in integer minor units. The definitions are in the README ("Metrics").
 */
@ApplicationScoped
public class MetricsService {

    /** About three years of days: more intervals than a chart shows, few enough to answer quickly. */
    static final int MAX_INTERVALS = 1100;
    private static final List<String> LIVE = List.of("PENDING", "ACTIVE", "PAST_DUE");

    /**
     * At most 31 days each, which the stored movements rely on: a move of a workspace with no other within 31 days
     * is classified when it is written (V13, metrics_mrr_changes.isolated), as the only move in its interval.
     */
    public enum Interval {
        DAY, WEEK, MONTH;

        LocalDate after(LocalDate from, int steps) {
            return switch (this) {
                case DAY -> from.plusDays(steps);
                case WEEK -> from.plusWeeks(steps);
                case MONTH -> from.plusMonths(steps);
            };
        }
    }

    /** The request's parameters, checked: from and to are UTC dates (to excluded), at most MAX_INTERVALS intervals. */
    public record Range(LocalDate from, LocalDate to, Interval interval) {

        public static Range parse(String from, String to, String interval) {
            LocalDate start = date("from", from);
            LocalDate end = date("to", to);
            if (!end.isAfter(start)) {
                throw new PagosException(ErrorCode.INVALID_REQUEST, "to must be after from");
            }
            Interval step;
            if (interval == null || interval.isEmpty()) {
                step = Interval.MONTH;
            } else if (interval.matches("day|week|month")) {
                step = Interval.valueOf(interval.toUpperCase(java.util.Locale.ROOT));
            } else {
                throw new PagosException(ErrorCode.INVALID_REQUEST, "interval is day, week or month");
            }
            Range range = new Range(start, end, step);
            if (range.bounds().size() - 1 > MAX_INTERVALS) {
                throw new PagosException(ErrorCode.INVALID_REQUEST, "At most " + MAX_INTERVALS + " intervals");
            }
            return range;
        }

        private static LocalDate date(String name, String value) {
            if (value == null || value.isEmpty()) {
                throw new PagosException(ErrorCode.INVALID_REQUEST, name + " is required (YYYY-MM-DD, UTC)");
            }
            try {
                if (!value.matches("\\d{4}-\\d{2}-\\d{2}")) {
                    throw new DateTimeParseException("not a date", value, 0);
                }
                return LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                throw new PagosException(ErrorCode.INVALID_REQUEST, name + " is a date, YYYY-MM-DD (UTC)");
            }
        }

        /** The interval boundaries: from, from + 1 interval, ..., to (the last interval may be shorter). */
        List<Instant> bounds() {
            List<Instant> bounds = new ArrayList<>();
            for (int i = 0;; i++) {
                LocalDate next = interval.after(from, i);
                if (!next.isBefore(to) || bounds.size() > MAX_INTERVALS + 1) {
                    bounds.add((next.isBefore(to) ? next : to).atStartOfDay(ZoneOffset.UTC).toInstant());
                    return bounds;
                }
                bounds.add(next.atStartOfDay(ZoneOffset.UTC).toInstant());
            }
        }
    }

    /** Metrics are for admins: anyone else is refused before the parameters are read. */
    public static void requireAdmin(Caller caller) {
        if (!caller.admin()) {
            throw new PagosException(ErrorCode.FORBIDDEN, "Metrics are for admins");
        }
    }

    public Map<String, Object> metrics(Caller caller, Range range) {
        requireAdmin(caller);
        List<Instant> bounds = range.bounds();
        for (int i = 1; i < bounds.size(); i++) {
            if (java.time.Duration.between(bounds.get(i - 1), bounds.get(i)).toDays() > 31) {
                throw new IllegalStateException("an interval longer than 31 days: the stored movements assume 31 at most");
            }
        }
        Read read = Transactions.autocommit(() -> MetricsStore.mrr(bounds)
                .flatMap(mrr -> MetricsStore.statusChanges(bounds)
                        .flatMap(statuses -> MetricsStore.dunning(bounds)
                                .flatMap(dunning -> MetricsStore.oneTime(bounds)
                                        .flatMap(sold -> MetricsStore.refunds(bounds)
                                                .map(refunds -> new Read(mrr, statuses, dunning, sold, refunds)))))));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("from", range.from().toString());
        json.put("to", range.to().toString());
        json.put("interval", range.interval().name().toLowerCase(java.util.Locale.ROOT));
        json.put("intervals", intervals(bounds, read));
        return json;
    }

    private record Read(List<MetricsStore.MrrRow> mrr, List<MetricsStore.StatusChange> statuses,
            List<MetricsStore.DunningRow> dunning, List<MetricsStore.SoldRow> sold, List<MetricsStore.RefundRow> refunds) {
    }

    private static List<Map<String, Object>> intervals(List<Instant> bounds, Read read) {
        int n = bounds.size() - 1;
        MetricsStore.MrrRow[] mrr = new MetricsStore.MrrRow[n + 1];
        read.mrr().forEach(row -> mrr[row.bucket()] = row);
        // Everything before the first boundary (bucket 0) is the state at the start.
        long usd = mrr[0] == null ? 0 : mrr[0].usd();
        long cop = mrr[0] == null ? 0 : mrr[0].cop();
        long customers = mrr[0] == null ? 0 : mrr[0].customers();
        Map<String, Long> byStatus = new LinkedHashMap<>();
        LIVE.forEach(status -> byStatus.put(status, 0L));
        List<List<MetricsStore.StatusChange>> statuses = new ArrayList<>();
        for (int i = 0; i <= n; i++) {
            statuses.add(new ArrayList<>());
        }
        read.statuses().forEach(change -> statuses.get(change.bucket()).add(change));
        applyStatuses(byStatus, statuses.get(0));

        List<Map<String, Object>> out = new ArrayList<>();
        for (int b = 1; b <= n; b++) {
            MetricsStore.MrrRow row = mrr[b] != null ? mrr[b]
                    : new MetricsStore.MrrRow(b, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
            long usdEnd = usd + row.usd();
            long copEnd = cop + row.cop();
            long customersEnd = customers + row.newCustomers() + row.reactivatedCustomers() - row.churnedCustomers();
            Map<String, Object> interval = new LinkedHashMap<>();
            interval.put("start", bounds.get(b - 1).toString());
            interval.put("end", bounds.get(b).toString());
            interval.put("mrr", Map.of(
                    "usd_minor", Map.of("start", usd, "end", usdEnd),
                    "cop_minor", Map.of("start", cop, "end", copEnd)));
            interval.put("arr", Map.of("usd_minor", 12 * usdEnd, "cop_minor", 12 * copEnd));
            Map<String, Object> movements = new LinkedHashMap<>();
            movements.put("new", row.newUsd());
            movements.put("expansion", row.expansionUsd());
            movements.put("contraction", row.contractionUsd());
            movements.put("churn", row.churnUsd());
            movements.put("reactivation", row.reactivationUsd());
            movements.put("net", row.newUsd() + row.expansionUsd() - row.contractionUsd() - row.churnUsd()
                    + row.reactivationUsd());
            interval.put("movements_usd_minor", movements);
            Map<String, Object> customerCounts = new LinkedHashMap<>();
            customerCounts.put("start", customers);
            customerCounts.put("end", customersEnd);
            customerCounts.put("new", row.newCustomers());
            customerCounts.put("reactivated", row.reactivatedCustomers());
            customerCounts.put("expanded", row.expandedCustomers());
            customerCounts.put("contracted", row.contractedCustomers());
            customerCounts.put("churned", row.churnedCustomers());
            interval.put("customers", customerCounts);

            long newSubscriptions = 0;
            long churnedSubscriptions = 0;
            for (MetricsStore.StatusChange change : statuses.get(b)) {
                if ("PENDING".equals(change.from()) && "ACTIVE".equals(change.to())) {
                    newSubscriptions += change.count();
                }
                if ("CANCELED".equals(change.to()) && change.from() != null && !"PENDING".equals(change.from())) {
                    churnedSubscriptions += change.count();
                }
            }
            applyStatuses(byStatus, statuses.get(b));
            Map<String, Object> subscriptions = new LinkedHashMap<>();
            subscriptions.put("by_status", new LinkedHashMap<>(byStatus));
            subscriptions.put("new", newSubscriptions);
            subscriptions.put("churned", churnedSubscriptions);
            interval.put("subscriptions", subscriptions);

            interval.put("logo_churn_rate", ratio(row.churnedCustomers(), customers));
            interval.put("revenue_churn_rate", ratio(row.churnUsd() + row.contractionUsd(), usd));
            interval.put("net_revenue_retention",
                    ratio(usd + row.expansionUsd() - row.contractionUsd() - row.churnUsd(), usd));
            interval.put("arpa_usd_minor", customersEnd == 0 ? null : halfUp(usdEnd, customersEnd));

            MetricsStore.DunningRow dunning = null;
            for (MetricsStore.DunningRow d : read.dunning()) {
                if (d.bucket() == b) {
                    dunning = d;
                }
            }
            long failed = dunning == null ? 0 : dunning.failedRenewals();
            long entered = dunning == null ? 0 : dunning.enteredPastDue();
            long recovered = dunning == null ? 0 : dunning.recovered();
            Map<String, Object> dunningJson = new LinkedHashMap<>();
            dunningJson.put("failed_renewals", failed);
            dunningJson.put("entered_past_due", entered);
            dunningJson.put("recovered", recovered);
            dunningJson.put("recovery_rate", ratio(recovered, entered));
            interval.put("dunning", dunningJson);

            List<Map<String, Object>> byItem = new ArrayList<>();
            List<Map<String, Object>> byProvider = new ArrayList<>();
            for (MetricsStore.SoldRow sold : read.sold()) {
                if (sold.bucket() != b) {
                    continue;
                }
                Map<String, Object> line = new LinkedHashMap<>();
                if (sold.item() != null) {
                    line.put("item", sold.item());
                } else {
                    line.put("provider", sold.provider());
                }
                line.put("currency", sold.currency());
                line.put("orders", sold.orders());
                line.put("amount_minor", sold.amount());
                (sold.item() != null ? byItem : byProvider).add(line);
            }
            interval.put("one_time_revenue", Map.of("by_item", byItem, "by_provider", byProvider));
            List<Map<String, Object>> refunds = new ArrayList<>();
            for (MetricsStore.RefundRow refund : read.refunds()) {
                if (refund.bucket() == b) {
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("currency", refund.currency());
                    line.put("orders", refund.orders());
                    line.put("amount_minor", refund.amount());
                    refunds.add(line);
                }
            }
            interval.put("refunds", refunds);
            out.add(interval);
            usd = usdEnd;
            cop = copEnd;
            customers = customersEnd;
        }
        return out;
    }

    private static void applyStatuses(Map<String, Long> byStatus, List<MetricsStore.StatusChange> changes) {
        for (MetricsStore.StatusChange change : changes) {
            if (change.from() != null && byStatus.containsKey(change.from())) {
                byStatus.merge(change.from(), -change.count(), Long::sum);
            }
            if (byStatus.containsKey(change.to())) {
                byStatus.merge(change.to(), change.count(), Long::sum);
            }
        }
    }

    /** A ratio to four decimals, half-up; null when there is nothing to divide by. */
    static BigDecimal ratio(long numerator, long denominator) {
        return denominator == 0 ? null
                : BigDecimal.valueOf(numerator).divide(BigDecimal.valueOf(denominator), 4, RoundingMode.HALF_UP);
    }

    /** numerator / denominator rounded half-up to a whole minor unit (both positive). */
    static long halfUp(long numerator, long denominator) {
        return BigDecimal.valueOf(numerator).divide(BigDecimal.valueOf(denominator), 0, RoundingMode.HALF_UP)
                .longValueExact();
    }
}
