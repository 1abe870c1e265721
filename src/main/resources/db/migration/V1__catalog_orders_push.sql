-- Money is always integer minor units plus an ISO 4217 currency code.

CREATE TABLE products (
    id           TEXT PRIMARY KEY,
    name         TEXT        NOT NULL,
    description  TEXT        NOT NULL DEFAULT '',
    price_minor  BIGINT      NOT NULL CHECK (price_minor > 0),
    currency     CHAR(3)     NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    active       BOOLEAN     NOT NULL DEFAULT TRUE,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE orders (
    id                  UUID PRIMARY KEY,
    user_id             TEXT        NOT NULL,
    product_id          TEXT        NOT NULL REFERENCES products (id),
    provider            TEXT        NOT NULL,
    status              TEXT        NOT NULL,
    amount_minor        BIGINT      NOT NULL CHECK (amount_minor > 0),
    currency            CHAR(3)     NOT NULL,
    provider_order_id   TEXT,
    approve_url         TEXT,
    provider_capture_id TEXT,
    failure_reason      TEXT,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL,
    completed_at        TIMESTAMPTZ,
    version             BIGINT      NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX orders_provider_order ON orders (provider, provider_order_id);
CREATE INDEX orders_by_user ON orders (user_id, created_at DESC);
-- A double click must not open two checkouts for the same thing.
CREATE UNIQUE INDEX orders_one_open_per_user_product ON orders (user_id, product_id, provider) WHERE status = 'PENDING';

-- The audit trail: every status change with what caused it.
CREATE TABLE order_transitions (
    id          BIGSERIAL PRIMARY KEY,
    order_id    UUID        NOT NULL REFERENCES orders (id),
    from_status TEXT,
    to_status   TEXT        NOT NULL,
    cause       TEXT        NOT NULL,
    detail      TEXT,
    occurred_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX order_transitions_by_order ON order_transitions (order_id, id);

CREATE TABLE acquisitions (
    id            UUID PRIMARY KEY,
    user_id       TEXT        NOT NULL,
    product_id    TEXT        NOT NULL REFERENCES products (id),
    order_id      UUID        NOT NULL UNIQUE REFERENCES orders (id),
    granted_at    TIMESTAMPTZ NOT NULL,
    revoked_at    TIMESTAMPTZ,
    revoke_reason TEXT
);
CREATE UNIQUE INDEX acquisitions_one_active_per_user_product ON acquisitions (user_id, product_id) WHERE revoked_at IS NULL;

-- Every provider event, once. The raw body is kept exactly as it was signed.
CREATE TABLE webhook_inbox (
    id           BIGSERIAL PRIMARY KEY,
    provider     TEXT        NOT NULL,
    event_id     TEXT        NOT NULL,
    event_type   TEXT        NOT NULL,
    payload      TEXT        NOT NULL,
    received_at  TIMESTAMPTZ NOT NULL,
    attempts     INT         NOT NULL DEFAULT 1,
    lease_until  TIMESTAMPTZ,
    processed_at TIMESTAMPTZ,
    outcome      TEXT,
    UNIQUE (provider, event_id)
);

CREATE TABLE ws_connections (
    connection_id TEXT PRIMARY KEY,
    user_id       TEXT        NOT NULL,
    connected_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX ws_connections_by_user ON ws_connections (user_id);
