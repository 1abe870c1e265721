-- GET /admin/metrics (metrics/MetricsStore): indexes for its reads; nothing else changes. The query plans are in
-- bench/RESULTS.md. (V9 is another change's.)

-- MRR: the approved charges of each subscription in period order, with what the query reads, so the per-subscription
-- window (lag over period_index) reads the index in order, without a sort and without the table.
CREATE INDEX charges_approved_for_metrics ON charges (subscription_id, period_index)
    INCLUDE (updated_at, amount_usd_minor, amount_minor) WHERE status = 'APPROVED';
-- Failed renewals per interval.
CREATE INDEX charges_declined_renewals ON charges (updated_at) WHERE status = 'DECLINED' AND period_index > 0;
-- Entries into dunning per interval.
CREATE INDEX subscription_transitions_into_past_due ON subscription_transitions (occurred_at)
    WHERE to_status = 'PAST_DUE';
-- One-time revenue per interval (orders completed, refunded since or not).
CREATE INDEX orders_by_completion ON orders (completed_at) INCLUDE (status, provider, currency, amount_minor, product_id)
    WHERE completed_at IS NOT NULL;
-- Refunds per interval.
CREATE INDEX order_transitions_refunds ON order_transitions (occurred_at) WHERE to_status = 'REFUNDED';
