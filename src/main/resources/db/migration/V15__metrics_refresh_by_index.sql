-- A renewal refreshes its workspace's MRR twice inside its transaction (V13's triggers on charges and on
-- subscription_transitions), so that refresh must read one workspace's rows by index whatever the planner believes.
-- V13 joined the charges set against set; with statistics that had not caught up with a bulk of renewals the planner
-- read every approved charge and joined them by filter or by a merge: 13 to 19 ms per refresh at 3,000
-- subscriptions, which halved the renewal fan-out's throughput (bench/RESULTS.md). The charges now come from a
-- LATERAL subquery with the window functions inside it: the planner cannot flatten it, so it can only look each
-- subscription's approved charges up by index. The rows are the same (the windows were per subscription already).
CREATE OR REPLACE FUNCTION metrics_mrr_series(ws VARCHAR[])
    RETURNS TABLE (workspace_id VARCHAR, at TIMESTAMPTZ, usd_before BIGINT, usd_after BIGINT, cop_delta BIGINT,
                   had_mrr_before BOOLEAN, previous_usd_at TIMESTAMPTZ, next_usd_at TIMESTAMPTZ, isolated BOOLEAN)
    LANGUAGE sql STABLE AS $$
    -- Subscription by subscription (index lookups), never set against set: this runs for one workspace in a trigger
    -- and for thousands in the backfill, with one plan for both. The window functions keep each LATERAL subquery
    -- from being flattened into a join the planner could choose to do otherwise.
    WITH stepped AS (
        SELECT s.workspace_id, s.billing_period = 'ANNUAL' AS annual, l.live_from, l.live_to, c.updated_at,
               c.usd, c.cop, c.previous_usd, c.previous_cop, c.next_at
        FROM subscriptions s
        CROSS JOIN LATERAL (
            SELECT min(t.occurred_at) FILTER (WHERE t.to_status = 'ACTIVE') AS live_from,
                   min(t.occurred_at) FILTER (WHERE t.to_status = 'CANCELED') AS live_to
            FROM subscription_transitions t
            WHERE t.subscription_id = s.id AND t.to_status IN ('ACTIVE', 'CANCELED')) l
        CROSS JOIN LATERAL (
            SELECT a.updated_at, a.amount_usd_minor AS usd, a.amount_minor AS cop,
                   lag(a.amount_usd_minor) OVER w AS previous_usd, lag(a.amount_minor) OVER w AS previous_cop,
                   lead(a.updated_at) OVER w AS next_at
            FROM charges a
            WHERE a.subscription_id = s.id AND a.status = 'APPROVED'
            WINDOW w AS (ORDER BY a.period_index)) c
        WHERE s.workspace_id = ANY (ws) AND l.live_from IS NOT NULL
    ), priced AS (
        SELECT workspace_id, live_to, greatest(updated_at, live_from) AS at,
               live_to IS NOT NULL AND (next_at IS NULL OR next_at >= live_to) AS ends,
               CASE WHEN annual THEN (usd + 6) / 12 ELSE usd END AS usd,
               CASE WHEN annual THEN (cop + 6) / 12 ELSE cop END AS cop,
               CASE WHEN annual THEN (previous_usd + 6) / 12 ELSE previous_usd END AS previous_usd,
               CASE WHEN annual THEN (previous_cop + 6) / 12 ELSE previous_cop END AS previous_cop
        FROM stepped
        WHERE live_to IS NULL OR updated_at < live_to
    ), deltas AS (
        SELECT workspace_id, at, usd - coalesce(previous_usd, 0) AS d_usd, cop - coalesce(previous_cop, 0) AS d_cop
        FROM priced
        WHERE usd IS DISTINCT FROM previous_usd OR cop IS DISTINCT FROM previous_cop
        UNION ALL
        SELECT workspace_id, live_to, -usd, -cop FROM priced WHERE ends
    ), per_instant AS (
        SELECT d.workspace_id, d.at, sum(d.d_usd)::bigint AS d_usd, sum(d.d_cop)::bigint AS d_cop,
               sum(sum(d.d_usd)) OVER (PARTITION BY d.workspace_id ORDER BY d.at)::bigint AS usd_after
        FROM deltas d GROUP BY d.workspace_id, d.at
    ), neighbours AS (
        SELECT p.workspace_id, p.at, p.usd_after - p.d_usd AS usd_before, p.usd_after, p.d_cop,
               coalesce(max(p.usd_after) OVER before_it, 0) > 0 AS had_mrr_before,
               CASE WHEN p.d_usd <> 0 THEN max(p.at) FILTER (WHERE p.d_usd <> 0) OVER before_it END AS previous_usd_at,
               CASE WHEN p.d_usd <> 0 THEN min(p.at) FILTER (WHERE p.d_usd <> 0) OVER after_it END AS next_usd_at
        FROM per_instant p
        WINDOW before_it AS (PARTITION BY p.workspace_id ORDER BY p.at ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING),
               after_it AS (PARTITION BY p.workspace_id ORDER BY p.at ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING)
    )
    SELECT n.*, n.usd_before <> n.usd_after
                AND (n.previous_usd_at IS NULL OR n.at - n.previous_usd_at >= interval '31 days')
                AND (n.next_usd_at IS NULL OR n.next_usd_at - n.at >= interval '31 days')
    FROM neighbours n
$$;

-- Planning the refresh (the series above is inlined into it) costs about 10 ms, running it about 1 ms. PL/pgSQL
-- plans a statement anew for its first five calls in a session, and afterwards whenever it judges the call's own plan
-- cheaper than the generic one: the refresh's plan is the same for every workspace, so it is made once per session.
ALTER FUNCTION metrics_write_mrr(VARCHAR[]) SET plan_cache_mode = force_generic_plan;

-- A subscription's MRR depends on its transitions only through its first move to ACTIVE and its first to CANCELED.
-- Every renewal writes a note (ACTIVE -> ACTIVE); a row with an earlier one of its status before it (by time, then
-- by id) changes neither first, so only the rows that are now their subscription's first of that status refresh.
CREATE OR REPLACE FUNCTION metrics_transitions_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM metrics_refresh_mrr(ARRAY(
        SELECT DISTINCT s.workspace_id FROM subscriptions s
        WHERE s.id IN (SELECT n.subscription_id FROM metrics_new n
                       WHERE n.to_status IN ('ACTIVE', 'CANCELED')
                         AND NOT EXISTS (SELECT 1 FROM subscription_transitions e
                                         WHERE e.subscription_id = n.subscription_id AND e.to_status = n.to_status
                                           AND (e.occurred_at, e.id) < (n.occurred_at, n.id)))));
    RETURN NULL;
END $$;
