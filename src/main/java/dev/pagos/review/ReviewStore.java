package dev.pagos.review;

import dev.pagos.money.Money;
import dev.pagos.persistence.Sql;
import dev.pagos.text.Truncate;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.util.List;

/** The review desk's SQL: what is flagged for a person, the trails shown beside it, and the admin actions table. */
final class ReviewStore {

    private ReviewStore() {
    }

    /**
     * Every kind of flagged subject in one keyset-paged list, oldest flag first. "Past their retry" and "no next
     * action" both mean the billing run should have moved the row {@code overdueBefore} ago and has not.
     */
    private static final String FLAGGED = """
            SELECT * FROM (
              SELECT 'ORDER_NEEDS_REVIEW' AS kind, 'order' AS subject_type, o.id::text AS subject_id,
                     o.updated_at AS flagged_at, o.failure_reason AS reason, o.provider, o.amount_minor, o.currency,
                     o.user_id AS buyer, o.provider_order_id AS provider_ref,
                     'Order for ' || COALESCE(p.name, o.title, 'a purchase') || ' held for review' AS title
                FROM orders o LEFT JOIN products p ON p.id = o.product_id
               WHERE o.status = 'NEEDS_REVIEW'
              UNION ALL
              SELECT CASE c.status WHEN 'NEEDS_REVIEW' THEN 'CHARGE_NEEDS_REVIEW' WHEN 'UNKNOWN' THEN 'CHARGE_UNKNOWN'
                     ELSE 'CHARGE_TO_REFUND' END, 'charge', c.id::text, c.updated_at,
                     CASE c.status WHEN 'NEEDS_REVIEW' THEN c.failure_reason
                          WHEN 'UNKNOWN' THEN 'No answer from the provider, still unresolved after its retry time'
                          ELSE 'Approved after the subscription ended or its period was paid: money to give back' END,
                     s.provider, c.amount_minor, c.currency, s.owner_id, c.provider_payment_id,
                     CASE c.status WHEN 'NEEDS_REVIEW' THEN 'Charge held for review' WHEN 'UNKNOWN'
                          THEN 'Charge with no known outcome' ELSE 'Approved charge to refund' END
                     || ' (workspace ' || s.workspace_id || ', period ' || (c.period_index + 1) || ')'
                FROM charges c JOIN subscriptions s ON s.id = c.subscription_id
               WHERE c.status = 'NEEDS_REVIEW'
                  OR (c.status = 'UNKNOWN' AND s.next_action_at < $1)
                  OR (c.status = 'APPROVED' AND c.period_index >= s.periods_paid)
              UNION ALL
              SELECT 'EVENT_ABANDONED', 'webhook_event', w.id::text, w.processed_at, w.outcome, w.provider, NULL, NULL,
                     NULL, NULL, w.provider || ' event ' || w.event_type || ' ' || w.event_id || ' abandoned'
                FROM webhook_inbox w
               WHERE w.processed_at IS NOT NULL AND w.outcome LIKE 'abandoned after%'
              UNION ALL
              SELECT 'SUBSCRIPTION_WITHOUT_NEXT_ACTION', 'subscription', s.id::text,
                     COALESCE(s.next_action_at, s.updated_at),
                     CASE WHEN s.next_action_at IS NULL THEN 'No next action scheduled'
                          ELSE 'Next action due at ' || to_char(s.next_action_at AT TIME ZONE 'UTC',
                               'YYYY-MM-DD"T"HH24:MI:SS"Z"') || ' has not run' END,
                     s.provider, NULL, NULL, s.owner_id, NULL,
                     'Subscription of workspace ' || s.workspace_id || ' (' || s.status || ') is not moving'
                FROM subscriptions s
               WHERE s.status IN ('PENDING', 'ACTIVE', 'PAST_DUE')
                 AND (s.next_action_at IS NULL OR s.next_action_at < $1)
            ) flagged
            WHERE $2::timestamptz IS NULL OR (flagged_at, subject_type || ':' || subject_id) > ($2, $3)
            ORDER BY flagged_at, subject_type || ':' || subject_id
            LIMIT $4""";

    static Uni<List<ReviewItem>> flagged(Instant overdueBefore, Instant afterAt, String afterId, int limit) {
        return Sql.list(FLAGGED, ReviewStore::item, overdueBefore, afterAt, afterId == null ? "" : afterId, limit);
    }

    /** One subject's item if it is flagged now; null when it left the desk. */
    static Uni<ReviewItem> flaggedOne(Instant overdueBefore, String subjectType, String subjectId) {
        return Sql.first("SELECT * FROM (" + FLAGGED.substring(0, FLAGGED.indexOf("WHERE $2"))
                + " WHERE subject_type = $2 AND subject_id = $3 LIMIT $4) one", ReviewStore::item, overdueBefore,
                subjectType, subjectId, 1);
    }

    private static ReviewItem item(Row row) {
        Long minor = row.getLong("amount_minor");
        String currency = row.getString("currency");
        return new ReviewItem(ReviewItem.Kind.valueOf(row.getString("kind")), row.getString("subject_type"),
                row.getString("subject_id"), row.getString("title"), row.getString("reason"), row.getString("provider"),
                minor == null || currency == null ? null : Money.of(minor, currency), row.getString("buyer"),
                Sql.instant(row, "flagged_at"), row.getString("provider_ref"), null, List.of(), List.of());
    }

    /** The subject's own trail (status changes with their cause), newest {@code limit} lines, oldest first. */
    static Uni<List<ReviewItem.AuditLine>> trail(String subjectType, String subjectId, int limit) {
        String sql = switch (subjectType) {
            case "order" -> "SELECT occurred_at, cause, from_status, to_status, detail FROM order_transitions"
                    + " WHERE order_id = $1::uuid ORDER BY id DESC LIMIT $2";
            case "charge" -> "SELECT occurred_at, cause, from_status, to_status, detail FROM charge_transitions"
                    + " WHERE charge_id = $1::uuid ORDER BY id DESC LIMIT $2";
            case "subscription" -> "SELECT occurred_at, cause, from_status, to_status, detail FROM subscription_transitions"
                    + " WHERE subscription_id = $1::uuid ORDER BY id DESC LIMIT $2";
            case "webhook_event" -> """
                    SELECT * FROM (
                      SELECT received_at AS occurred_at, 'received' AS cause, NULL AS from_status,
                             'attempts: ' || attempts AS to_status, event_type AS detail
                        FROM webhook_inbox WHERE id = $1
                      UNION ALL
                      SELECT processed_at, 'pipeline', NULL, 'closed', outcome
                        FROM webhook_inbox WHERE id = $1 AND processed_at IS NOT NULL) lines
                    ORDER BY occurred_at DESC LIMIT $2""";
            default -> throw new IllegalArgumentException("No trail for " + subjectType);
        };
        return Sql.list(sql, row -> new ReviewItem.AuditLine(Sql.instant(row, "occurred_at"), "system",
                row.getString("cause") + ": " + (row.getString("from_status") == null ? ""
                        : row.getString("from_status") + " -> ") + row.getString("to_status"),
                row.getString("detail")), subjectType.equals("webhook_event") ? (Object) Long.valueOf(subjectId)
                : subjectId, limit);
    }

    static Uni<List<AdminAction>> actions(String subjectType, String subjectId, int limit) {
        return Sql.list("SELECT * FROM (SELECT * FROM admin_actions WHERE subject_type = $1 AND subject_id = $2"
                + " ORDER BY id DESC LIMIT $3) a ORDER BY id", ReviewStore::action, subjectType, subjectId, limit);
    }

    static Uni<Void> insert(AdminAction action) {
        return Sql.execute("INSERT INTO admin_actions (subject_type, subject_id, action, actor, reason, manual_reference,"
                        + " outcome, occurred_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", action.subjectType(),
                action.subjectId(), action.action(), Truncate.toLength(action.actor(), 255), action.reason(),
                action.manualReference(), Truncate.toLength(action.outcome(), 2000), action.occurredAt())
                .replaceWithVoid();
    }

    private static AdminAction action(Row row) {
        return new AdminAction(row.getString("subject_type"), row.getString("subject_id"), row.getString("action"),
                row.getString("actor"), row.getString("reason"), row.getString("manual_reference"),
                row.getString("outcome"), Sql.instant(row, "occurred_at"));
    }
}
