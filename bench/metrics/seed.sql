-- Seeds the metrics benchmark (bench/metrics/run.sh): 100,000 subscriptions with two years of history
-- (2024-12-01 to 2026-12-01) and their charges and transitions, and 500,000 one-time orders, all with
-- generate_series. Deterministic (no random()): the same database every time. Run on an empty, migrated schema.
--   * 91,000 workspaces; subscriptions 1..90,000 and 99,001..100,000 each their own workspace; 90,001..99,000 come
--     back to workspace 10 x (i - 90,000), which churned (reactivations).
--   * one in 7 annual (12 months at 15% off), prices from the catalogue's combinations; start dates skewed early.
--   * one in 5 cancels after 1 to 12 periods; one in 10 monthly changes its price from period 6 (up or down);
--     one renewal in 10 is declined once, PAST_DUE, and paid 3 days later by a second attempt.
--   * COP at 4000 + 10 x (period mod 10) COP/USD, so COP MRR as collected moves.
--   * orders: the three sample products and plan purchases, by PayPal (USD), Wompi and PaymentsWay (COP); one in 10
--     failed, one in 30 refunded 5 days after completion.
\set ON_ERROR_STOP on
SET synchronous_commit = off;

INSERT INTO products (id, name, description, price_minor, currency) VALUES
    ('skyblock-odyssey', 'Skyblock Odyssey', '', 1299, 'USD'),
    ('create-industrial', 'Create: Industrial Age', '', 899, 'USD'),
    ('medieval-realms', 'Medieval Realms', '', 2500, 'USD')
ON CONFLICT DO NOTHING;

INSERT INTO workspaces (id, owner_id, created_at)
SELECT 'bw-' || w, 'bench-owner-' || w, '2024-12-01T00:00:00Z' FROM generate_series(1, 91000) w;

CREATE TEMP TABLE base AS
SELECT i,
       CASE WHEN i > 99000 THEN i - 9000 ELSE i END AS ws,
       ('00000000-0000-4000-a000-' || lpad(to_hex(i), 12, '0'))::uuid AS id,
       date_trunc('second', '2024-12-01T00:00:00Z'::timestamptz
           + 729 * power(((i::bigint * 2654435761) % 1000003) / 1000003.0, 3) * interval '1 day') AS start_at,
       i % 7 = 0 AS annual,
       (ARRAY[4900, 9900, 2900, 12800, 11400, 18700])[1 + i % 6]::bigint AS monthly_price,
       CASE WHEN i % 10 < 2 THEN CASE WHEN i % 7 = 0 THEN 1 ELSE 1 + (i / 10) % 12 END END AS churn_after
FROM generate_series(1, 100000) i
WHERE i <= 90000 OR i > 99000;

-- Reactivations: 20 days after the churned subscription of the same workspace ended.
INSERT INTO base
SELECT r.i, b.ws, ('00000000-0000-4000-a000-' || lpad(to_hex(r.i), 12, '0'))::uuid,
       b.start_at + (b.churn_after * CASE WHEN b.annual THEN 12 ELSE 1 END) * interval '1 month' + interval '20 days',
       FALSE, (ARRAY[4900, 9900, 2900, 12800, 11400, 18700])[1 + r.i % 6]::bigint, NULL
FROM generate_series(90001, 99000) r(i)
JOIN base b ON b.i = (r.i - 90000) * 10;

CREATE TEMP TABLE subs AS
SELECT b.*,
       CASE WHEN annual THEN 12 ELSE 1 END AS months,
       -- periods started before the end of the history
       least(coalesce(churn_after, 1000000),
             ((extract(year FROM age('2026-12-01T00:00:00Z', start_at)) * 12
               + extract(month FROM age('2026-12-01T00:00:00Z', start_at)))::int / CASE WHEN annual THEN 12 ELSE 1 END) + 1)
           AS periods
FROM base b WHERE start_at < '2026-12-01T00:00:00Z';

ALTER TABLE subs ADD COLUMN end_at timestamptz;
UPDATE subs SET end_at = start_at + periods * months * interval '1 month'
WHERE churn_after IS NOT NULL AND start_at + periods * months * interval '1 month' < '2026-12-01T00:00:00Z';

CREATE TEMP TABLE periods AS
SELECT s.id, s.i, k, s.start_at + k * s.months * interval '1 month' AS at,
       (CASE WHEN s.annual THEN s.monthly_price * 12 * 85 / 100
             WHEN k >= 6 AND s.i % 20 = 5 THEN s.monthly_price + 1500
             WHEN k >= 6 AND s.i % 20 = 15 THEN greatest(s.monthly_price - 2000, 1500)
             ELSE s.monthly_price END) AS usd,
       4000 + 10 * (k % 10) AS rate,
       k > 0 AND (s.i * 31 + k) % 10 = 0 AS declined_first
FROM subs s, generate_series(0, s.periods - 1) k;

INSERT INTO subscriptions (id, workspace_id, owner_id, status, provider, selection, billing_period, price_usd_minor,
        price_cop_minor, exchange_rate, exchange_rate_origin, email, provider_data, anchor_at, periods_paid,
        created_at, updated_at, next_action_at, canceled_at)
SELECT s.id, 'bw-' || s.ws, 'bench-owner-' || s.ws, CASE WHEN s.end_at IS NULL THEN 'ACTIVE' ELSE 'CANCELED' END,
       'wompi', '{}'::jsonb, CASE WHEN s.annual THEN 'ANNUAL' ELSE 'MONTHLY' END, s.monthly_price * s.months,
       s.monthly_price * s.months * 4000, 4000, 'bench', 'bench@example.com', '{}'::jsonb, s.start_at, s.periods,
       s.start_at, s.start_at, CASE WHEN s.end_at IS NULL THEN '2027-01-01T00:00:00Z'::timestamptz END, s.end_at
FROM subs s;

INSERT INTO charges (id, subscription_id, period_index, attempt, status, amount_minor, currency, amount_usd_minor,
        exchange_rate, idempotency_key, created_at, updated_at)
SELECT md5('b-' || p.i || '-' || p.k || '-1')::uuid,
       p.id, p.k, 1, CASE WHEN p.declined_first THEN 'DECLINED' ELSE 'APPROVED' END, p.usd * p.rate, 'COP', p.usd,
       p.rate, 'b-' || p.i || '-' || p.k || '-1', p.at, p.at
FROM periods p
UNION ALL
SELECT md5('b-' || p.i || '-' || p.k || '-2')::uuid,
       p.id, p.k, 2, 'APPROVED', p.usd * p.rate, 'COP', p.usd, p.rate, 'b-' || p.i || '-' || p.k || '-2',
       p.at + interval '3 days', p.at + interval '3 days'
FROM periods p WHERE p.declined_first;

INSERT INTO subscription_transitions (subscription_id, from_status, to_status, cause, occurred_at)
SELECT id, NULL, 'PENDING', 'bench', start_at FROM subs
UNION ALL SELECT id, 'PENDING', 'ACTIVE', 'bench', start_at FROM subs
UNION ALL SELECT id, 'ACTIVE', 'PAST_DUE', 'bench', at FROM periods WHERE declined_first
UNION ALL SELECT id, 'PAST_DUE', 'ACTIVE', 'bench', at + interval '3 days' FROM periods WHERE declined_first
UNION ALL SELECT id, 'ACTIVE', 'CANCELED', 'bench', end_at FROM subs WHERE end_at IS NOT NULL;

-- One-time orders.
CREATE TEMP TABLE bo AS
SELECT n, ('00000000-0000-4000-c000-' || lpad(to_hex(n), 12, '0'))::uuid AS id,
       date_trunc('second', '2024-12-01T00:00:00Z'::timestamptz
           + ((n::bigint * 40503) % 63072000) * interval '1 second') AS at,
       (ARRAY['paypal', 'wompi', 'paymentsway'])[1 + n % 3] AS provider,
       CASE WHEN n % 20 = 7 THEN NULL ELSE (ARRAY['skyblock-odyssey', 'create-industrial', 'medieval-realms'])[1 + (n / 3) % 3] END AS product,
       CASE WHEN n % 10 = 3 THEN 'FAILED' WHEN n % 30 = 1 THEN 'REFUNDED' ELSE 'COMPLETED' END AS status
FROM generate_series(1, 500000) n;

INSERT INTO orders (id, user_id, product_id, provider, status, amount_minor, currency, title, created_at, updated_at,
        completed_at)
SELECT id, 'bench-buyer-' || (n % 50000), product, provider, status,
       CASE WHEN product IS NULL THEN 9900 ELSE (ARRAY[1299, 899, 2500])[1 + (n / 3) % 3] END
           * CASE WHEN provider = 'paypal' THEN 1 ELSE 4000 END,
       CASE WHEN provider = 'paypal' THEN 'USD' ELSE 'COP' END,
       CASE WHEN product IS NULL THEN 'Business, 1 month' END, at, at,
       CASE WHEN status <> 'FAILED' THEN at END
FROM bo;

INSERT INTO order_lines (id, order_id, position, kind, item_id, item_reference, name, quantity, free, amount_minor, currency)
SELECT ('00000000-0000-4000-d000-' || lpad(to_hex(n), 12, '0'))::uuid, id, 0, 'PLAN', 'business', 'business',
       'Business', 1, FALSE, 9900, 'USD'
FROM bo WHERE product IS NULL;

INSERT INTO order_transitions (order_id, from_status, to_status, cause, occurred_at)
SELECT id, 'PENDING', CASE WHEN status = 'FAILED' THEN 'FAILED' ELSE 'COMPLETED' END, 'bench', at FROM bo
UNION ALL
SELECT id, 'COMPLETED', 'REFUNDED', 'bench', at + interval '5 days' FROM bo WHERE status = 'REFUNDED';

VACUUM ANALYZE;
SELECT (SELECT count(*) FROM subscriptions) AS subscriptions, (SELECT count(*) FROM charges) AS charges,
       (SELECT count(*) FROM subscription_transitions) AS subscription_transitions,
       (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM order_transitions) AS order_transitions;
