-- Money is always integer minor units plus an ISO 4217 currency code.

CREATE TABLE products (
    id           VARCHAR(100) PRIMARY KEY,
    name         VARCHAR(200) NOT NULL,
    description  VARCHAR(2000) NOT NULL DEFAULT '',
    price_minor  BIGINT      NOT NULL CHECK (price_minor > 0),
    currency     VARCHAR(3)  NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    active       BOOLEAN     NOT NULL DEFAULT TRUE,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE orders (
    id                  UUID PRIMARY KEY,
    user_id             VARCHAR(255) NOT NULL,
    product_id          VARCHAR(100) NOT NULL REFERENCES products (id),
    provider            VARCHAR(20)  NOT NULL,
    status              VARCHAR(30)  NOT NULL,
    amount_minor        BIGINT      NOT NULL CHECK (amount_minor > 0),
    currency            VARCHAR(3)   NOT NULL,
    provider_order_id   VARCHAR(255),
    approve_url         VARCHAR(2048),
    provider_capture_id VARCHAR(255),
    failure_reason      VARCHAR(1000),
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
    from_status VARCHAR(30),
    to_status   VARCHAR(30)  NOT NULL,
    cause       VARCHAR(300) NOT NULL,
    detail      VARCHAR(2000),
    occurred_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX order_transitions_by_order ON order_transitions (order_id, id);

CREATE TABLE acquisitions (
    id            UUID PRIMARY KEY,
    user_id       VARCHAR(255) NOT NULL,
    product_id    VARCHAR(100) NOT NULL REFERENCES products (id),
    order_id      UUID        NOT NULL UNIQUE REFERENCES orders (id),
    granted_at    TIMESTAMPTZ NOT NULL,
    revoked_at    TIMESTAMPTZ,
    revoke_reason VARCHAR(1000)
);
CREATE UNIQUE INDEX acquisitions_one_active_per_user_product ON acquisitions (user_id, product_id) WHERE revoked_at IS NULL;

-- Every provider event, once. The raw body is kept exactly as it was signed.
CREATE TABLE webhook_inbox (
    id           BIGSERIAL PRIMARY KEY,
    provider     VARCHAR(20)  NOT NULL,
    event_id     VARCHAR(255) NOT NULL,
    event_type   VARCHAR(255) NOT NULL,
    payload      TEXT         NOT NULL,
    received_at  TIMESTAMPTZ NOT NULL,
    attempts     INT         NOT NULL DEFAULT 1,
    lease_until  TIMESTAMPTZ,
    processed_at TIMESTAMPTZ,
    outcome      VARCHAR(2000),
    UNIQUE (provider, event_id)
);

CREATE TABLE ws_connections (
    connection_id VARCHAR(255) PRIMARY KEY,
    user_id       VARCHAR(255) NOT NULL,
    connected_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX ws_connections_by_user ON ws_connections (user_id);
