-- Hand-computed metrics fixture (MetricsTest; local mode loads it with POST /dev/fixtures/metrics for the operator
-- page): January to March 2001, before any other test's data (they run on the
-- real clock), so the whole database is this fixture inside that window. Prices are the catalogue's (business 99.00,
-- business_lite 49.00, assistant 29.00, bot 15.00 USD; annual = 12 months at 15% off) at 4000 COP/USD, but for F's
-- March retry, collected at 4100.
--   A  business_lite monthly from 2000-12-10, changes to business at the period boundary 2001-02-10 (expansion)
--   B  business monthly from 2000-12-05, changes to business_lite at the boundary 2001-02-05 (contraction)
--   C  assistant alone (29.00) monthly from 2000-12-20, canceled at period end: CANCELED 2001-02-20 (churn)
--   D  business + 1 bot (114.00) monthly, new 2001-02-15 (new)
--   E  E1 business_lite monthly from 2000-11-01, renewal declined 2001-01-01 and 2001-01-08, CANCELED for
--      non-payment 2001-01-15 (churn in January); E2 business ANNUAL (1009.80) 2001-02-03 (reactivation)
--   F  business monthly from 2000-12-01; March renewal declined 2001-03-01, retried and approved 2001-03-04 (dunning)
--   G  PENDING since 2001-03-31, never paid
-- One-time orders: February a modpack by PayPal (12.99 USD), the same by Wompi (51,960 COP), a plan purchase by
-- Wompi (business, 396,000 COP) refunded 2001-03-02, and a failed order (nothing).
INSERT INTO workspaces (id, owner_id, created_at) VALUES
    ('metrics-a', 'metrics-owner', '2000-12-10T12:00:00Z'), ('metrics-b', 'metrics-owner', '2000-12-05T12:00:00Z'),
    ('metrics-c', 'metrics-owner', '2000-12-20T12:00:00Z'), ('metrics-d', 'metrics-owner', '2001-02-15T12:00:00Z'),
    ('metrics-e', 'metrics-owner', '2000-11-01T12:00:00Z'), ('metrics-f', 'metrics-owner', '2000-12-01T12:00:00Z'),
    ('metrics-g', 'metrics-owner', '2001-03-31T12:00:00Z');

INSERT INTO subscriptions (id, workspace_id, owner_id, status, provider, selection, billing_period, price_usd_minor,
        price_cop_minor, exchange_rate, exchange_rate_origin, email, provider_data, created_at, updated_at, next_action_at)
SELECT id::uuid, ws, 'metrics-owner', status, 'wompi', '{}'::jsonb, period, usd, usd * 4000, 4000, 'FALLBACK',
       'metrics@example.com', '{}'::jsonb, created::timestamptz, created::timestamptz,
       CASE WHEN status IN ('PENDING', 'ACTIVE', 'PAST_DUE') THEN '2100-01-01T00:00:00Z'::timestamptz END
FROM (VALUES
    ('00000000-0000-4000-8000-00000000000a', 'metrics-a', 'ACTIVE', 'MONTHLY', 9900, '2000-12-10T12:00:00Z'),
    ('00000000-0000-4000-8000-00000000000b', 'metrics-b', 'ACTIVE', 'MONTHLY', 4900, '2000-12-05T12:00:00Z'),
    ('00000000-0000-4000-8000-00000000000c', 'metrics-c', 'CANCELED', 'MONTHLY', 2900, '2000-12-20T12:00:00Z'),
    ('00000000-0000-4000-8000-00000000000d', 'metrics-d', 'ACTIVE', 'MONTHLY', 11400, '2001-02-15T12:00:00Z'),
    ('00000000-0000-4000-8000-0000000000e1', 'metrics-e', 'CANCELED', 'MONTHLY', 4900, '2000-11-01T12:00:00Z'),
    ('00000000-0000-4000-8000-0000000000e2', 'metrics-e', 'ACTIVE', 'ANNUAL', 100980, '2001-02-03T12:00:00Z'),
    ('00000000-0000-4000-8000-00000000000f', 'metrics-f', 'ACTIVE', 'MONTHLY', 9900, '2000-12-01T12:00:00Z'),
    ('00000000-0000-4000-8000-000000000009', 'metrics-g', 'PENDING', 'MONTHLY', 9900, '2001-03-31T12:00:00Z'))
    AS f(id, ws, status, period, usd, created);

INSERT INTO subscription_transitions (subscription_id, from_status, to_status, cause, occurred_at)
SELECT sub::uuid, from_status, to_status, 'fixture', at::timestamptz
FROM (VALUES
    ('00000000-0000-4000-8000-00000000000a', NULL, 'PENDING', '2000-12-10T12:00:00Z'),
    ('00000000-0000-4000-8000-00000000000a', 'PENDING', 'ACTIVE', '2000-12-10T12:00:00Z'),
    ('00000000-0000-4000-8000-00000000000a', 'ACTIVE', 'ACTIVE', '2001-01-25T12:00:00Z'),
    ('00000000-0000-4000-8000-00000000000b', NULL, 'PENDING', '2000-12-05T12:00:00Z'),
    ('00000000-0000-4000-8000-00000000000b', 'PENDING', 'ACTIVE', '2000-12-05T12:00:00Z'),
    ('00000000-0000-4000-8000-00000000000c', NULL, 'PENDING', '2000-12-20T12:00:00Z'),
    ('00000000-0000-4000-8000-00000000000c', 'PENDING', 'ACTIVE', '2000-12-20T12:00:00Z'),
    ('00000000-0000-4000-8000-00000000000c', 'ACTIVE', 'CANCELED', '2001-02-20T12:00:00Z'),
    ('00000000-0000-4000-8000-00000000000d', NULL, 'PENDING', '2001-02-15T12:00:00Z'),
    ('00000000-0000-4000-8000-00000000000d', 'PENDING', 'ACTIVE', '2001-02-15T12:00:00Z'),
    ('00000000-0000-4000-8000-0000000000e1', NULL, 'PENDING', '2000-11-01T12:00:00Z'),
    ('00000000-0000-4000-8000-0000000000e1', 'PENDING', 'ACTIVE', '2000-11-01T12:00:00Z'),
    ('00000000-0000-4000-8000-0000000000e1', 'ACTIVE', 'PAST_DUE', '2001-01-01T12:00:00Z'),
    ('00000000-0000-4000-8000-0000000000e1', 'PAST_DUE', 'CANCELED', '2001-01-15T12:00:00Z'),
    ('00000000-0000-4000-8000-0000000000e2', NULL, 'PENDING', '2001-02-03T12:00:00Z'),
    ('00000000-0000-4000-8000-0000000000e2', 'PENDING', 'ACTIVE', '2001-02-03T12:00:00Z'),
    ('00000000-0000-4000-8000-00000000000f', NULL, 'PENDING', '2000-12-01T12:00:00Z'),
    ('00000000-0000-4000-8000-00000000000f', 'PENDING', 'ACTIVE', '2000-12-01T12:00:00Z'),
    ('00000000-0000-4000-8000-00000000000f', 'ACTIVE', 'PAST_DUE', '2001-03-01T12:00:00Z'),
    ('00000000-0000-4000-8000-00000000000f', 'PAST_DUE', 'ACTIVE', '2001-03-04T12:00:00Z'),
    ('00000000-0000-4000-8000-000000000009', NULL, 'PENDING', '2001-03-31T12:00:00Z'))
    AS t(sub, from_status, to_status, at);

INSERT INTO charges (id, subscription_id, period_index, attempt, status, amount_minor, currency, amount_usd_minor,
        exchange_rate, idempotency_key, created_at, updated_at)
SELECT gen_random_uuid(), sub::uuid, period, attempt, status, usd * rate, 'COP', usd, rate,
       'metrics-' || sub || '-' || period || '-' || attempt, at::timestamptz, at::timestamptz
FROM (VALUES
    ('00000000-0000-4000-8000-00000000000a', 0, 1, 'APPROVED', 4900, 4000, '2000-12-10T12:00:00Z'),
    ('00000000-0000-4000-8000-00000000000a', 1, 1, 'APPROVED', 4900, 4000, '2001-01-10T12:00:00Z'),
    ('00000000-0000-4000-8000-00000000000a', 2, 1, 'APPROVED', 9900, 4000, '2001-02-10T12:00:00Z'),
    ('00000000-0000-4000-8000-00000000000a', 3, 1, 'APPROVED', 9900, 4000, '2001-03-10T12:00:00Z'),
    ('00000000-0000-4000-8000-00000000000b', 0, 1, 'APPROVED', 9900, 4000, '2000-12-05T12:00:00Z'),
    ('00000000-0000-4000-8000-00000000000b', 1, 1, 'APPROVED', 9900, 4000, '2001-01-05T12:00:00Z'),
    ('00000000-0000-4000-8000-00000000000b', 2, 1, 'APPROVED', 4900, 4000, '2001-02-05T12:00:00Z'),
    ('00000000-0000-4000-8000-00000000000b', 3, 1, 'APPROVED', 4900, 4000, '2001-03-05T12:00:00Z'),
    ('00000000-0000-4000-8000-00000000000c', 0, 1, 'APPROVED', 2900, 4000, '2000-12-20T12:00:00Z'),
    ('00000000-0000-4000-8000-00000000000c', 1, 1, 'APPROVED', 2900, 4000, '2001-01-20T12:00:00Z'),
    ('00000000-0000-4000-8000-00000000000d', 0, 1, 'APPROVED', 11400, 4000, '2001-02-15T12:00:00Z'),
    ('00000000-0000-4000-8000-00000000000d', 1, 1, 'APPROVED', 11400, 4000, '2001-03-15T12:00:00Z'),
    ('00000000-0000-4000-8000-0000000000e1', 0, 1, 'APPROVED', 4900, 4000, '2000-11-01T12:00:00Z'),
    ('00000000-0000-4000-8000-0000000000e1', 1, 1, 'APPROVED', 4900, 4000, '2000-12-01T12:00:00Z'),
    ('00000000-0000-4000-8000-0000000000e1', 2, 1, 'DECLINED', 4900, 4000, '2001-01-01T12:00:00Z'),
    ('00000000-0000-4000-8000-0000000000e1', 2, 2, 'DECLINED', 4900, 4000, '2001-01-08T12:00:00Z'),
    ('00000000-0000-4000-8000-0000000000e2', 0, 1, 'APPROVED', 100980, 4000, '2001-02-03T12:00:00Z'),
    ('00000000-0000-4000-8000-00000000000f', 0, 1, 'APPROVED', 9900, 4000, '2000-12-01T12:00:00Z'),
    ('00000000-0000-4000-8000-00000000000f', 1, 1, 'APPROVED', 9900, 4000, '2001-01-01T12:00:00Z'),
    ('00000000-0000-4000-8000-00000000000f', 2, 1, 'APPROVED', 9900, 4000, '2001-02-01T12:00:00Z'),
    ('00000000-0000-4000-8000-00000000000f', 3, 1, 'DECLINED', 9900, 4000, '2001-03-01T12:00:00Z'),
    ('00000000-0000-4000-8000-00000000000f', 3, 2, 'APPROVED', 9900, 4100, '2001-03-04T12:00:00Z'),
    ('00000000-0000-4000-8000-000000000009', 0, 1, 'PENDING', 9900, 4000, '2001-03-31T12:00:00Z'))
    AS c(sub, period, attempt, status, usd, rate, at);

INSERT INTO orders (id, user_id, product_id, provider, status, amount_minor, currency, title, created_at, updated_at,
        completed_at)
SELECT id::uuid, 'metrics-buyer', product, provider, status, amount, currency, title, created::timestamptz,
       created::timestamptz, completed::timestamptz
FROM (VALUES
    ('00000000-0000-4000-9000-000000000001', 'skyblock-odyssey', 'paypal', 'COMPLETED', 1299, 'USD', NULL,
        '2001-02-10T12:00:00Z', '2001-02-10T12:00:00Z'),
    ('00000000-0000-4000-9000-000000000002', 'skyblock-odyssey', 'wompi', 'COMPLETED', 5196000, 'COP', NULL,
        '2001-02-11T12:00:00Z', '2001-02-11T12:00:00Z'),
    ('00000000-0000-4000-9000-000000000003', NULL, 'wompi', 'REFUNDED', 39600000, 'COP', 'Business, 1 month',
        '2001-02-12T12:00:00Z', '2001-02-12T12:00:00Z'),
    ('00000000-0000-4000-9000-000000000004', 'skyblock-odyssey', 'wompi', 'FAILED', 5196000, 'COP', NULL,
        '2001-02-13T12:00:00Z', NULL))
    AS o(id, product, provider, status, amount, currency, title, created, completed);

INSERT INTO order_lines (id, order_id, position, kind, item_id, item_reference, name, quantity, free, amount_minor, currency)
VALUES (gen_random_uuid(), '00000000-0000-4000-9000-000000000003', 0, 'PLAN', 'business', 'business', 'Business', 1,
        FALSE, 39600000, 'COP');

INSERT INTO order_transitions (order_id, from_status, to_status, cause, occurred_at)
SELECT id::uuid, from_status, to_status, 'fixture', at::timestamptz
FROM (VALUES
    ('00000000-0000-4000-9000-000000000001', 'PENDING', 'COMPLETED', '2001-02-10T12:00:00Z'),
    ('00000000-0000-4000-9000-000000000002', 'PENDING', 'COMPLETED', '2001-02-11T12:00:00Z'),
    ('00000000-0000-4000-9000-000000000003', 'PENDING', 'COMPLETED', '2001-02-12T12:00:00Z'),
    ('00000000-0000-4000-9000-000000000003', 'COMPLETED', 'REFUNDED', '2001-03-02T12:00:00Z'),
    ('00000000-0000-4000-9000-000000000004', 'PENDING', 'FAILED', '2001-02-13T12:00:00Z'))
    AS t(id, from_status, to_status, at);

-- Every approved period counts as paid (as the billing run records it), so no charge reads as one to give back.
UPDATE subscriptions s SET periods_paid = (SELECT COALESCE(MAX(c.period_index) + 1, 0) FROM charges c
                                           WHERE c.subscription_id = s.id AND c.status = 'APPROVED')
WHERE s.id::text LIKE '00000000-0000-4000-8000-%';
