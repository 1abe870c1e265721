-- A provider call that must happen once per order (opening its checkout, capturing it) is claimed here under
-- the row lock; while the claim runs, concurrent requests and events for the order make no call of their own.
ALTER TABLE orders ADD COLUMN claimed_until TIMESTAMPTZ;
-- When the reconciliation job last asked the provider about the order; overlapping runs skip what the other took.
ALTER TABLE orders ADD COLUMN last_checked_at TIMESTAMPTZ;
CREATE INDEX orders_unsettled ON orders (updated_at) WHERE status IN ('PENDING', 'APPROVED', 'CAPTURE_PENDING');

-- A provider's delivery id (PayPal's transmission id) belongs to exactly one body: a second body under the
-- same signed delivery is a forgery (CRC32 collisions make one possible).
CREATE TABLE webhook_deliveries (
    provider     VARCHAR(20)  NOT NULL,
    delivery_id  VARCHAR(255) NOT NULL,
    body_sha256  VARCHAR(64)  NOT NULL,
    event_id     VARCHAR(255) NOT NULL,
    received_at  TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (provider, delivery_id)
);
