-- GET /admin/metrics reads facts recorded as they happen instead of recomputing two years of history per request
-- (V10's indexes gave 5 to 10 s at 100,000 subscriptions; the figures and plans are in bench/RESULTS.md).
--
-- Triggers on the tables the application already writes keep the facts, in the same transaction as the change, so
-- billing/ and order/ are unchanged and nothing can write a charge or an order without its metrics. Each fact is a
-- function of the rows it comes from: any insert, update or delete of those rows rewrites it (exactly, not
-- approximately), and the migration backfills the rows that exist. Days are UTC days: every interval boundary of
-- the endpoint is a UTC midnight, so a day never straddles two intervals.
--
--   metrics_mrr_changes  one row per instant a workspace's MRR changes (the customer's USD MRR before and after,
--                        the COP MRR change, whether it had MRR before): what the MRR movements are classified from
--   metrics_mrr_daily    per UTC day the change of USD MRR, COP MRR and the number of customers with MRR
--   metrics_status_daily per UTC day the subscription status changes (from, to, how many)
--   metrics_dunning_daily per UTC day failed renewals, moves into PAST_DUE and, of those, the ones recovered
--   metrics_sales_daily  per UTC day one-time revenue by item, provider and currency
--   metrics_refunds_daily per UTC day refunded orders by currency
--
-- The daily rows that every renewal or purchase adds to are split into shards (16 by workspace for MRR, 4 by order
-- for sales, whose rows are many more per day) so that concurrent transactions seldom wait on one row's lock; a
-- reader sums the shards.

CREATE INDEX subscriptions_by_workspace ON subscriptions (workspace_id);

CREATE TABLE metrics_mrr_changes (
    workspace_id   VARCHAR(100) NOT NULL,
    at             TIMESTAMPTZ  NOT NULL,
    usd_before     BIGINT       NOT NULL,
    usd_after      BIGINT       NOT NULL,
    cop_delta      BIGINT       NOT NULL,
    had_mrr_before BOOLEAN      NOT NULL,
    -- On a row where USD MRR moves: the workspace's previous and next such instants (null: none). With them a reader
    -- knows, row by row, whether it is the workspace's first or last move in an interval.
    previous_usd_at TIMESTAMPTZ,
    next_usd_at     TIMESTAMPTZ,
    -- A USD move with no other within 31 days before or after it: in any interval of at most 31 days (a day, a week,
    -- a month) it is the workspace's only move, so its movement (new, expansion, ...) is known when it is written and
    -- is summed per day in metrics_mrr_daily. Only the other moves are classified when the metrics are read.
    isolated        BOOLEAN      NOT NULL,
    PRIMARY KEY (workspace_id, at)
);
-- The movements read only the USD moves that are not isolated, from this index alone.
CREATE INDEX metrics_mrr_changes_close ON metrics_mrr_changes (at)
    INCLUDE (workspace_id, usd_before, usd_after, had_mrr_before, previous_usd_at, next_usd_at)
    WHERE usd_before <> usd_after AND NOT isolated;

CREATE TABLE metrics_mrr_daily (
    day             DATE     NOT NULL,
    shard           SMALLINT NOT NULL,
    usd_delta       BIGINT   NOT NULL,
    cop_delta       BIGINT   NOT NULL,
    customers_delta BIGINT   NOT NULL,
    -- The isolated moves of the day by movement: MRR (USD) and customers.
    new_usd               BIGINT NOT NULL,
    new_customers         BIGINT NOT NULL,
    reactivation_usd      BIGINT NOT NULL,
    reactivated_customers BIGINT NOT NULL,
    expansion_usd         BIGINT NOT NULL,
    expanded_customers    BIGINT NOT NULL,
    contraction_usd       BIGINT NOT NULL,
    contracted_customers  BIGINT NOT NULL,
    churn_usd             BIGINT NOT NULL,
    churned_customers     BIGINT NOT NULL,
    PRIMARY KEY (day, shard)
);

CREATE TABLE metrics_status_daily (
    day         DATE        NOT NULL,
    -- '' for a subscription's first row (no status before it).
    from_status VARCHAR(20) NOT NULL,
    to_status   VARCHAR(20) NOT NULL,
    n           BIGINT      NOT NULL,
    PRIMARY KEY (day, from_status, to_status)
);

CREATE TABLE metrics_dunning_daily (
    day              DATE   PRIMARY KEY,
    failed_renewals  BIGINT NOT NULL,
    entered_past_due BIGINT NOT NULL,
    -- Counted on the day the subscription entered PAST_DUE, when its next status change is back to ACTIVE.
    recovered        BIGINT NOT NULL
);

CREATE TABLE metrics_sales_daily (
    day      DATE         NOT NULL,
    shard    SMALLINT     NOT NULL,
    item     VARCHAR(120) NOT NULL,
    provider VARCHAR(20)  NOT NULL,
    currency VARCHAR(3)   NOT NULL,
    orders   BIGINT       NOT NULL,
    amount   BIGINT       NOT NULL,
    PRIMARY KEY (day, shard, item, provider, currency)
);

CREATE TABLE metrics_refunds_daily (
    day      DATE       NOT NULL,
    currency VARCHAR(3) NOT NULL,
    orders   BIGINT     NOT NULL,
    amount   BIGINT     NOT NULL,
    PRIMARY KEY (day, currency)
);

CREATE FUNCTION metrics_day(at TIMESTAMPTZ) RETURNS DATE LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT (at AT TIME ZONE 'UTC')::date $$;

-- shards: a power of two.
CREATE FUNCTION metrics_shard(key TEXT, shards INT) RETURNS SMALLINT LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT (hashtext(key) & (shards - 1))::smallint $$;

-- MRR ---------------------------------------------------------------------------------------------------------------

-- The MRR history of the given workspaces, as the README defines it: a subscription counts from its first move to
-- ACTIVE until its first move to CANCELED, at the normalised price of its latest approved charge (annual: / 12,
-- half-up per charge; a charge counts from its approval, or from the activation if it came first). One row per
-- instant the workspace's MRR (USD or COP) changes, with its USD MRR before and after (its subscriptions summed: at
-- most one is live at a time) and whether it had USD MRR above 0 at some earlier instant (new vs reactivation).
CREATE FUNCTION metrics_mrr_series(ws VARCHAR[])
    RETURNS TABLE (workspace_id VARCHAR, at TIMESTAMPTZ, usd_before BIGINT, usd_after BIGINT, cop_delta BIGINT,
                   had_mrr_before BOOLEAN, previous_usd_at TIMESTAMPTZ, next_usd_at TIMESTAMPTZ, isolated BOOLEAN)
    LANGUAGE sql STABLE AS $$
    -- Joined subscription by subscription (index lookups), never set against set: this runs for one workspace in a
    -- trigger and for thousands in the backfill, with one plan for both.
    WITH stepped AS (
        SELECT s.workspace_id, s.billing_period = 'ANNUAL' AS annual, l.live_from, l.live_to, c.updated_at,
               c.amount_usd_minor AS usd, c.amount_minor AS cop,
               lag(c.amount_usd_minor) OVER w AS previous_usd, lag(c.amount_minor) OVER w AS previous_cop,
               lead(c.updated_at) OVER w AS next_at
        FROM subscriptions s
        CROSS JOIN LATERAL (
            SELECT min(t.occurred_at) FILTER (WHERE t.to_status = 'ACTIVE') AS live_from,
                   min(t.occurred_at) FILTER (WHERE t.to_status = 'CANCELED') AS live_to
            FROM subscription_transitions t
            WHERE t.subscription_id = s.id AND t.to_status IN ('ACTIVE', 'CANCELED')) l
        JOIN charges c ON c.subscription_id = s.id AND c.status = 'APPROVED'
        WHERE s.workspace_id = ANY (ws) AND l.live_from IS NOT NULL
        WINDOW w AS (PARTITION BY c.subscription_id ORDER BY c.period_index)
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

-- Brings the given workspaces' rows of metrics_mrr_changes, and the daily totals, to what their subscriptions,
-- transitions and charges say now: only the rows that differ are written (a renewal adds one row; a change of
-- USD MRR also rewrites the previous such row's next_usd_at).
-- PL/pgSQL, not SQL, so that a session plans this statement once and not at every call (a SQL function is planned
-- again for each statement that calls it).
CREATE FUNCTION metrics_write_mrr(ws VARCHAR[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    WITH fresh AS (
        SELECT * FROM metrics_mrr_series(ws) f WHERE f.usd_before <> f.usd_after OR f.cop_delta <> 0
    ), stored AS (
        SELECT c.workspace_id, c.at, c.usd_before, c.usd_after, c.cop_delta, c.had_mrr_before, c.previous_usd_at,
               c.next_usd_at, c.isolated
        FROM metrics_mrr_changes c WHERE c.workspace_id = ANY (ws)
    ), plus AS (
        SELECT * FROM fresh EXCEPT ALL SELECT * FROM stored
    ), minus AS (
        SELECT * FROM stored EXCEPT ALL SELECT * FROM fresh
    ), written AS (
        INSERT INTO metrics_mrr_changes AS c SELECT * FROM plus
        ON CONFLICT (workspace_id, at) DO UPDATE SET usd_before = excluded.usd_before, usd_after = excluded.usd_after,
            cop_delta = excluded.cop_delta, had_mrr_before = excluded.had_mrr_before,
            previous_usd_at = excluded.previous_usd_at, next_usd_at = excluded.next_usd_at, isolated = excluded.isolated
    ), removed AS (
        DELETE FROM metrics_mrr_changes c USING minus m
        WHERE c.workspace_id = m.workspace_id AND c.at = m.at
          AND NOT EXISTS (SELECT 1 FROM plus p WHERE p.workspace_id = m.workspace_id AND p.at = m.at)
    ), signed AS (
        SELECT 1 AS sign, * FROM plus UNION ALL SELECT -1, * FROM minus
    ), moves AS (
        -- An isolated move is its workspace's whole movement in its interval: classified as the README says.
        SELECT *, CASE WHEN NOT isolated THEN NULL
                       WHEN usd_before = 0 AND NOT had_mrr_before THEN 'new'
                       WHEN usd_before = 0 THEN 'reactivation'
                       WHEN usd_after = 0 THEN 'churn'
                       WHEN usd_after > usd_before THEN 'expansion'
                       ELSE 'contraction' END AS movement
        FROM signed
    )
    INSERT INTO metrics_mrr_daily AS d
    SELECT metrics_day(at), metrics_shard(workspace_id, 16), sum(sign * (usd_after - usd_before)), sum(sign * cop_delta),
           sum(sign * ((usd_after > 0)::int - (usd_before > 0)::int)),
           coalesce(sum(sign * usd_after) FILTER (WHERE movement = 'new'), 0),
           coalesce(sum(sign) FILTER (WHERE movement = 'new'), 0),
           coalesce(sum(sign * usd_after) FILTER (WHERE movement = 'reactivation'), 0),
           coalesce(sum(sign) FILTER (WHERE movement = 'reactivation'), 0),
           coalesce(sum(sign * (usd_after - usd_before)) FILTER (WHERE movement = 'expansion'), 0),
           coalesce(sum(sign) FILTER (WHERE movement = 'expansion'), 0),
           coalesce(sum(sign * (usd_before - usd_after)) FILTER (WHERE movement = 'contraction'), 0),
           coalesce(sum(sign) FILTER (WHERE movement = 'contraction'), 0),
           coalesce(sum(sign * usd_before) FILTER (WHERE movement = 'churn'), 0),
           coalesce(sum(sign) FILTER (WHERE movement = 'churn'), 0)
    FROM moves GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (day, shard) DO UPDATE SET usd_delta = d.usd_delta + excluded.usd_delta,
        cop_delta = d.cop_delta + excluded.cop_delta, customers_delta = d.customers_delta + excluded.customers_delta,
        new_usd = d.new_usd + excluded.new_usd, new_customers = d.new_customers + excluded.new_customers,
        reactivation_usd = d.reactivation_usd + excluded.reactivation_usd,
        reactivated_customers = d.reactivated_customers + excluded.reactivated_customers,
        expansion_usd = d.expansion_usd + excluded.expansion_usd,
        expanded_customers = d.expanded_customers + excluded.expanded_customers,
        contraction_usd = d.contraction_usd + excluded.contraction_usd,
        contracted_customers = d.contracted_customers + excluded.contracted_customers,
        churn_usd = d.churn_usd + excluded.churn_usd, churned_customers = d.churned_customers + excluded.churned_customers;
END $$;

CREATE FUNCTION metrics_refresh_mrr(ws VARCHAR[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    w VARCHAR;
BEGIN
    IF cardinality(ws) = 0 THEN
        RETURN;
    END IF;
    -- Two transactions refreshing one workspace would each write the difference from what they saw: serialise them
    -- (in one order, so that two refreshes of several workspaces cannot deadlock on these locks). A statement that
    -- touches very many workspaces takes one lock for all instead, to stay within the server's lock table.
    IF cardinality(ws) > 1000 THEN
        PERFORM pg_advisory_xact_lock(hashtextextended('pagos-metrics-mrr', 0));
    ELSE
        PERFORM pg_advisory_xact_lock_shared(hashtextextended('pagos-metrics-mrr', 0));
        FOR w IN SELECT DISTINCT x FROM unnest(ws) x WHERE x IS NOT NULL ORDER BY 1 LOOP
            PERFORM pg_advisory_xact_lock(hashtextextended('pagos-metrics-mrr:' || w, 0));
        END LOOP;
    END IF;
    PERFORM metrics_write_mrr(ws);
END $$;

-- Statement-level, so a statement that writes many rows of one workspace refreshes it once.
CREATE FUNCTION metrics_charges_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM metrics_refresh_mrr(ARRAY(
        SELECT DISTINCT s.workspace_id FROM subscriptions s
        WHERE s.id IN (SELECT subscription_id FROM metrics_new WHERE status = 'APPROVED'
                       UNION SELECT subscription_id FROM metrics_old WHERE status = 'APPROVED')));
    RETURN NULL;
END $$;
CREATE FUNCTION metrics_charges_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM metrics_refresh_mrr(ARRAY(
        SELECT DISTINCT s.workspace_id FROM subscriptions s
        WHERE s.id IN (SELECT subscription_id FROM metrics_new WHERE status = 'APPROVED')));
    RETURN NULL;
END $$;
CREATE FUNCTION metrics_charges_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM metrics_refresh_mrr(ARRAY(
        SELECT DISTINCT s.workspace_id FROM subscriptions s
        WHERE s.id IN (SELECT subscription_id FROM metrics_old WHERE status = 'APPROVED')));
    RETURN NULL;
END $$;
CREATE TRIGGER metrics_mrr_charges_inserted AFTER INSERT ON charges REFERENCING NEW TABLE AS metrics_new
    FOR EACH STATEMENT EXECUTE FUNCTION metrics_charges_inserted();
CREATE TRIGGER metrics_mrr_charges_updated AFTER UPDATE ON charges
    REFERENCING OLD TABLE AS metrics_old NEW TABLE AS metrics_new
    FOR EACH STATEMENT EXECUTE FUNCTION metrics_charges_changed();
CREATE TRIGGER metrics_mrr_charges_deleted AFTER DELETE ON charges REFERENCING OLD TABLE AS metrics_old
    FOR EACH STATEMENT EXECUTE FUNCTION metrics_charges_deleted();

CREATE FUNCTION metrics_transitions_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM metrics_refresh_mrr(ARRAY(
        SELECT DISTINCT s.workspace_id FROM subscriptions s
        WHERE s.id IN (SELECT subscription_id FROM metrics_new WHERE to_status IN ('ACTIVE', 'CANCELED'))));
    RETURN NULL;
END $$;
CREATE FUNCTION metrics_transitions_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM metrics_refresh_mrr(ARRAY(
        SELECT DISTINCT s.workspace_id FROM subscriptions s
        WHERE s.id IN (SELECT subscription_id FROM metrics_old WHERE to_status IN ('ACTIVE', 'CANCELED'))));
    RETURN NULL;
END $$;
CREATE TRIGGER metrics_mrr_transitions_inserted AFTER INSERT ON subscription_transitions
    REFERENCING NEW TABLE AS metrics_new FOR EACH STATEMENT EXECUTE FUNCTION metrics_transitions_inserted();
CREATE TRIGGER metrics_mrr_transitions_deleted AFTER DELETE ON subscription_transitions
    REFERENCING OLD TABLE AS metrics_old FOR EACH STATEMENT EXECUTE FUNCTION metrics_transitions_deleted();

-- The billing period decides the normalisation of every charge of the subscription; a move to another workspace
-- moves its history.
CREATE FUNCTION metrics_subscription_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM metrics_refresh_mrr(ARRAY[OLD.workspace_id, NEW.workspace_id]);
    RETURN NULL;
END $$;
CREATE TRIGGER metrics_mrr_subscription_changed AFTER UPDATE OF billing_period, workspace_id ON subscriptions
    FOR EACH ROW WHEN (OLD.billing_period IS DISTINCT FROM NEW.billing_period
                       OR OLD.workspace_id IS DISTINCT FROM NEW.workspace_id)
    EXECUTE FUNCTION metrics_subscription_changed();

-- Status changes and dunning ----------------------------------------------------------------------------------------

CREATE FUNCTION metrics_add_dunning(day DATE, failed BIGINT, entered BIGINT, recovered BIGINT) RETURNS void
    LANGUAGE sql AS $$
    INSERT INTO metrics_dunning_daily AS d (day, failed_renewals, entered_past_due, recovered)
    VALUES (day, failed, entered, recovered)
    ON CONFLICT (day) DO UPDATE SET failed_renewals = d.failed_renewals + excluded.failed_renewals,
        entered_past_due = d.entered_past_due + excluded.entered_past_due, recovered = d.recovered + excluded.recovered
$$;

-- Status changes: per row (a note, from = to, is no change).
CREATE FUNCTION metrics_status_counted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r subscription_transitions;
BEGIN
    IF TG_OP = 'INSERT' THEN r := NEW; ELSE r := OLD; END IF;
    INSERT INTO metrics_status_daily AS d (day, from_status, to_status, n)
    VALUES (metrics_day(r.occurred_at), coalesce(r.from_status, ''), r.to_status, CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE -1 END)
    ON CONFLICT (day, from_status, to_status) DO UPDATE SET n = d.n + excluded.n;
    RETURN NULL;
END $$;
CREATE TRIGGER metrics_status_inserted AFTER INSERT ON subscription_transitions
    FOR EACH ROW WHEN (NEW.from_status IS DISTINCT FROM NEW.to_status) EXECUTE FUNCTION metrics_status_counted();
CREATE TRIGGER metrics_status_deleted AFTER DELETE ON subscription_transitions
    FOR EACH ROW WHEN (OLD.from_status IS DISTINCT FROM OLD.to_status) EXECUTE FUNCTION metrics_status_counted();

-- Moves into PAST_DUE (ACTIVE -> PAST_DUE) per day, and of those the recovered ones: whose next row (by id) that is
-- not to PAST_DUE (a PAST_DUE -> PAST_DUE note is no change) is to ACTIVE. Whether an entry is recovered depends on
-- the rows after it, so the given subscriptions' entries are counted as their rows are now and as they were before
-- the statement (without the rows it added, with the rows it removed), and the difference is added.
CREATE FUNCTION metrics_recount_dunning(subs UUID[], added BIGINT[], removed subscription_transitions[]) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    WITH now_rows AS (
        SELECT t.id, t.subscription_id, t.from_status, t.to_status, t.occurred_at
        FROM subscription_transitions t WHERE t.subscription_id = ANY (subs)
    ), both_states AS (
        SELECT 1 AS sign, * FROM now_rows
        UNION ALL
        SELECT -1, * FROM now_rows WHERE id <> ALL (added)
        UNION ALL
        SELECT -1, r.id, r.subscription_id, r.from_status, r.to_status, r.occurred_at FROM unnest(removed) r
    ), numbered AS (
        -- Every row with the number of rows leaving PAST_DUE up to it: the next one after an entry has its number + 1.
        SELECT *, count(*) FILTER (WHERE to_status <> 'PAST_DUE')
                      OVER (PARTITION BY sign, subscription_id ORDER BY id ROWS UNBOUNDED PRECEDING) AS left_past_due
        FROM both_states
    ), entries AS (
        SELECT e.sign, e.occurred_at, n.to_status = 'ACTIVE' AS recovered
        FROM numbered e
        LEFT JOIN numbered n ON n.sign = e.sign AND n.subscription_id = e.subscription_id
                            AND n.left_past_due = e.left_past_due + 1 AND n.to_status <> 'PAST_DUE'
        WHERE e.from_status = 'ACTIVE' AND e.to_status = 'PAST_DUE'
    )
    INSERT INTO metrics_dunning_daily AS d (day, failed_renewals, entered_past_due, recovered)
    SELECT metrics_day(occurred_at), 0, sum(sign), coalesce(sum(sign) FILTER (WHERE recovered), 0)
    FROM entries
    GROUP BY 1 HAVING sum(sign) <> 0 OR sum(sign) FILTER (WHERE recovered) <> 0 ORDER BY 1
    ON CONFLICT (day) DO UPDATE SET entered_past_due = d.entered_past_due + excluded.entered_past_due,
        recovered = d.recovered + excluded.recovered;
END $$;
CREATE FUNCTION metrics_dunning_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM metrics_recount_dunning(ARRAY(SELECT DISTINCT subscription_id FROM metrics_new),
                                    ARRAY(SELECT id FROM metrics_new), '{}');
    RETURN NULL;
END $$;
CREATE FUNCTION metrics_dunning_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM metrics_recount_dunning(ARRAY(SELECT DISTINCT subscription_id FROM metrics_old), '{}',
                                    ARRAY(SELECT ROW(o.*)::subscription_transitions FROM metrics_old o));
    RETURN NULL;
END $$;
CREATE TRIGGER metrics_dunning_inserted AFTER INSERT ON subscription_transitions
    REFERENCING NEW TABLE AS metrics_new FOR EACH STATEMENT EXECUTE FUNCTION metrics_dunning_inserted();
CREATE TRIGGER metrics_dunning_deleted AFTER DELETE ON subscription_transitions
    REFERENCING OLD TABLE AS metrics_old FOR EACH STATEMENT EXECUTE FUNCTION metrics_dunning_deleted();

-- A declined renewal attempt (period index above 0) counts on the day it was declined (its updated_at).
CREATE FUNCTION metrics_charge_declined() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.status = 'DECLINED' AND OLD.period_index > 0 THEN
        PERFORM metrics_add_dunning(metrics_day(OLD.updated_at), -1, 0, 0);
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.status = 'DECLINED' AND NEW.period_index > 0 THEN
        PERFORM metrics_add_dunning(metrics_day(NEW.updated_at), 1, 0, 0);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER metrics_charge_declined_inserted AFTER INSERT ON charges
    FOR EACH ROW WHEN (NEW.status = 'DECLINED') EXECUTE FUNCTION metrics_charge_declined();
CREATE TRIGGER metrics_charge_declined_updated AFTER UPDATE ON charges
    FOR EACH ROW WHEN (OLD.status = 'DECLINED' OR NEW.status = 'DECLINED') EXECUTE FUNCTION metrics_charge_declined();
CREATE TRIGGER metrics_charge_declined_deleted AFTER DELETE ON charges
    FOR EACH ROW WHEN (OLD.status = 'DECLINED') EXECUTE FUNCTION metrics_charge_declined();

-- One-time revenue and refunds --------------------------------------------------------------------------------------

-- What an order sold, for the by-item rows: the product; for a plan purchase "plan:" and the plan of its first PLAN
-- line; "assistants" for assistants alone.
CREATE FUNCTION metrics_order_item(product_id VARCHAR, order_id UUID) RETURNS VARCHAR LANGUAGE sql STABLE AS $$
    SELECT coalesce(product_id, (SELECT 'plan:' || l.item_id FROM order_lines l
                                 WHERE l.order_id = metrics_order_item.order_id AND l.kind = 'PLAN'
                                 ORDER BY l.position LIMIT 1), 'assistants')
$$;

-- Adds (sign 1) or takes away (-1) an order's one-time revenue: an order completed (COMPLETED, or REFUNDED since)
-- counts on the day it completed.
CREATE FUNCTION metrics_add_sale(o orders, item VARCHAR, sign INT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO metrics_sales_daily AS d (day, shard, item, provider, currency, orders, amount)
    SELECT metrics_day(o.completed_at), metrics_shard(o.id::text, 4), item, o.provider, o.currency, sign,
           sign * o.amount_minor
    WHERE o.completed_at IS NOT NULL AND o.status IN ('COMPLETED', 'REFUNDED')
    ON CONFLICT (day, shard, item, provider, currency) DO UPDATE SET orders = d.orders + excluded.orders,
        amount = d.amount + excluded.amount
$$;

CREATE FUNCTION metrics_order_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM metrics_add_sale(OLD, metrics_order_item(OLD.product_id, OLD.id), -1);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM metrics_add_sale(NEW, metrics_order_item(NEW.product_id, NEW.id), 1);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER metrics_order_inserted AFTER INSERT ON orders
    FOR EACH ROW WHEN (NEW.completed_at IS NOT NULL) EXECUTE FUNCTION metrics_order_changed();
CREATE TRIGGER metrics_order_updated AFTER UPDATE ON orders
    FOR EACH ROW WHEN ((OLD.completed_at IS NOT NULL OR NEW.completed_at IS NOT NULL)
                       AND (OLD.status, OLD.completed_at, OLD.provider, OLD.currency, OLD.amount_minor, OLD.product_id)
                           IS DISTINCT FROM
                           (NEW.status, NEW.completed_at, NEW.provider, NEW.currency, NEW.amount_minor, NEW.product_id))
    EXECUTE FUNCTION metrics_order_changed();
CREATE TRIGGER metrics_order_deleted AFTER DELETE ON orders
    FOR EACH ROW WHEN (OLD.completed_at IS NOT NULL) EXECUTE FUNCTION metrics_order_changed();

-- A PLAN line written or removed after its order completed (lines are normally written with the PENDING order)
-- changes what the order sold: the order moves from the item it had without these lines to the one it has now.
CREATE FUNCTION metrics_order_lines_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    o orders;
BEGIN
    FOR o IN SELECT * FROM orders WHERE product_id IS NULL AND completed_at IS NOT NULL
             AND id IN (SELECT order_id FROM metrics_new WHERE kind = 'PLAN') ORDER BY id LOOP
        PERFORM metrics_add_sale(o, coalesce((SELECT 'plan:' || l.item_id FROM order_lines l
                                              WHERE l.order_id = o.id AND l.kind = 'PLAN'
                                                AND l.id NOT IN (SELECT id FROM metrics_new)
                                              ORDER BY l.position LIMIT 1), 'assistants'), -1);
        PERFORM metrics_add_sale(o, metrics_order_item(o.product_id, o.id), 1);
    END LOOP;
    RETURN NULL;
END $$;
CREATE FUNCTION metrics_order_lines_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    o orders;
BEGIN
    FOR o IN SELECT * FROM orders WHERE product_id IS NULL AND completed_at IS NOT NULL
             AND id IN (SELECT order_id FROM metrics_old WHERE kind = 'PLAN') ORDER BY id LOOP
        PERFORM metrics_add_sale(o, (SELECT 'plan:' || l.item_id
                                     FROM (SELECT item_id, position FROM order_lines WHERE order_id = o.id AND kind = 'PLAN'
                                           UNION ALL
                                           SELECT item_id, position FROM metrics_old WHERE order_id = o.id AND kind = 'PLAN') l
                                     ORDER BY l.position LIMIT 1), -1);
        PERFORM metrics_add_sale(o, metrics_order_item(o.product_id, o.id), 1);
    END LOOP;
    RETURN NULL;
END $$;
CREATE TRIGGER metrics_order_lines_inserted AFTER INSERT ON order_lines REFERENCING NEW TABLE AS metrics_new
    FOR EACH STATEMENT EXECUTE FUNCTION metrics_order_lines_inserted();
CREATE TRIGGER metrics_order_lines_deleted AFTER DELETE ON order_lines REFERENCING OLD TABLE AS metrics_old
    FOR EACH STATEMENT EXECUTE FUNCTION metrics_order_lines_deleted();

-- A refund counts on the day of the order's move to REFUNDED, for the order's amount.
CREATE FUNCTION metrics_refund_counted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r order_transitions;
    sign INT;
BEGIN
    IF TG_OP = 'INSERT' THEN r := NEW; sign := 1; ELSE r := OLD; sign := -1; END IF;
    INSERT INTO metrics_refunds_daily AS d (day, currency, orders, amount)
    SELECT metrics_day(r.occurred_at), o.currency, sign, sign * o.amount_minor FROM orders o WHERE o.id = r.order_id
    ON CONFLICT (day, currency) DO UPDATE SET orders = d.orders + excluded.orders, amount = d.amount + excluded.amount;
    RETURN NULL;
END $$;
CREATE TRIGGER metrics_refund_inserted AFTER INSERT ON order_transitions
    FOR EACH ROW WHEN (NEW.to_status = 'REFUNDED') EXECUTE FUNCTION metrics_refund_counted();
CREATE TRIGGER metrics_refund_deleted AFTER DELETE ON order_transitions
    FOR EACH ROW WHEN (OLD.to_status = 'REFUNDED') EXECUTE FUNCTION metrics_refund_counted();

-- Rebuild -----------------------------------------------------------------------------------------------------------
-- Every fact from the rows that exist, set-wise: the migration's backfill, and a check (MetricsTriggersTest compares
-- what the triggers kept with it). Writers wait while it runs (SHARE locks on the tables it reads).
CREATE FUNCTION metrics_rebuild() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    batch VARCHAR[];
BEGIN
    LOCK TABLE subscriptions, subscription_transitions, charges, orders, order_lines, order_transitions IN SHARE MODE;
    TRUNCATE metrics_mrr_changes, metrics_mrr_daily, metrics_status_daily, metrics_dunning_daily, metrics_sales_daily,
        metrics_refunds_daily;

    -- MRR through the per-workspace path (from nothing stored), by batches of workspaces.
    FOR batch IN SELECT array_agg(workspace_id) FROM (
                     SELECT workspace_id, (row_number() OVER (ORDER BY workspace_id) - 1) / 10000 AS n
                     FROM (SELECT DISTINCT workspace_id FROM subscriptions) w) b GROUP BY n ORDER BY n LOOP
        PERFORM metrics_write_mrr(batch);
    END LOOP;

    INSERT INTO metrics_status_daily (day, from_status, to_status, n)
    SELECT metrics_day(occurred_at), coalesce(from_status, ''), to_status, count(*)
    FROM subscription_transitions WHERE from_status IS DISTINCT FROM to_status GROUP BY 1, 2, 3;

    INSERT INTO metrics_dunning_daily (day, failed_renewals, entered_past_due, recovered)
    SELECT day, sum(failed), sum(entered), sum(recovered) FROM (
        SELECT metrics_day(updated_at) AS day, count(*) AS failed, 0 AS entered, 0 AS recovered
        FROM charges WHERE status = 'DECLINED' AND period_index > 0 GROUP BY 1
        UNION ALL
        SELECT metrics_day(p.occurred_at), 0, count(*), count(*) FILTER (WHERE n.to_status = 'ACTIVE')
        FROM subscription_transitions p
        LEFT JOIN LATERAL (SELECT x.to_status FROM subscription_transitions x
                           WHERE x.subscription_id = p.subscription_id AND x.id > p.id AND x.to_status <> 'PAST_DUE'
                           ORDER BY x.id LIMIT 1) n ON TRUE
        WHERE p.from_status = 'ACTIVE' AND p.to_status = 'PAST_DUE' GROUP BY 1
    ) d GROUP BY day;

    INSERT INTO metrics_sales_daily (day, shard, item, provider, currency, orders, amount)
    SELECT metrics_day(o.completed_at), metrics_shard(o.id::text, 4), metrics_order_item(o.product_id, o.id),
           o.provider, o.currency, count(*), sum(o.amount_minor)
    FROM orders o
    WHERE o.completed_at IS NOT NULL AND o.status IN ('COMPLETED', 'REFUNDED')
    GROUP BY 1, 2, 3, 4, 5;

    INSERT INTO metrics_refunds_daily (day, currency, orders, amount)
    SELECT metrics_day(t.occurred_at), o.currency, count(*), sum(o.amount_minor)
    FROM order_transitions t JOIN orders o ON o.id = t.order_id
    WHERE t.to_status = 'REFUNDED' GROUP BY 1, 2;
END $$;

SELECT metrics_rebuild();

-- V10's indexes served the statements these tables replace.
DROP INDEX charges_declined_renewals;
DROP INDEX subscription_transitions_into_past_due;
DROP INDEX orders_by_completion;
DROP INDEX order_transitions_refunds;
