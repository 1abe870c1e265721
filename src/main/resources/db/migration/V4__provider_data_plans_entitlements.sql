-- Provider-specific data (e.g. Wompi's signed widget parameters) lives here, not in more provider columns.
ALTER TABLE orders ADD COLUMN provider_data JSONB;

-- The SaaS offer: plans, AI assistants and add-ons, priced per month in integer minor units. Prices are whole
-- multiples of 5 cents so the annual price (12 months, 15% off: 1.8 x the monthly price) is exact cents.
CREATE TABLE plans (
    id          VARCHAR(50) PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    description VARCHAR(2000) NOT NULL DEFAULT '',
    price_minor BIGINT       NOT NULL CHECK (price_minor > 0 AND price_minor % 5 = 0),
    currency    VARCHAR(3)   NOT NULL CHECK (currency = 'USD'),
    active      BOOLEAN      NOT NULL DEFAULT TRUE,
    sort_order  INT          NOT NULL DEFAULT 0
);
CREATE TABLE assistants (
    id          INT PRIMARY KEY,
    reference   VARCHAR(50)  NOT NULL UNIQUE CHECK (reference !~ '^[0-9]+$'),
    name        VARCHAR(200) NOT NULL,
    description VARCHAR(2000) NOT NULL DEFAULT '',
    price_minor BIGINT       NOT NULL CHECK (price_minor > 0 AND price_minor % 5 = 0),
    currency    VARCHAR(3)   NOT NULL CHECK (currency = 'USD'),
    active      BOOLEAN      NOT NULL DEFAULT TRUE
);
CREATE TABLE addons (
    id             INT PRIMARY KEY,
    reference      VARCHAR(50)  NOT NULL UNIQUE CHECK (reference !~ '^[0-9]+$'),
    name           VARCHAR(200) NOT NULL,
    description    VARCHAR(2000) NOT NULL DEFAULT '',
    price_minor    BIGINT       NOT NULL CHECK (price_minor > 0 AND price_minor % 5 = 0),
    currency       VARCHAR(3)   NOT NULL CHECK (currency = 'USD'),
    takes_bot_flow BOOLEAN      NOT NULL DEFAULT FALSE,
    max_quantity   INT          NOT NULL DEFAULT 50 CHECK (max_quantity >= 1),
    active         BOOLEAN      NOT NULL DEFAULT TRUE
);

-- An order for a plan, assistants and add-ons has no product: its lines say what was bought, and it keeps the
-- price breakdown the buyer saw, with the exchange rate used and where that rate came from.
ALTER TABLE orders ALTER COLUMN product_id DROP NOT NULL;
ALTER TABLE orders ADD COLUMN title VARCHAR(300);
ALTER TABLE orders ADD COLUMN workspace_id VARCHAR(100);
ALTER TABLE orders ADD COLUMN billing_period VARCHAR(10);
ALTER TABLE orders ADD COLUMN exchange_rate NUMERIC;
ALTER TABLE orders ADD COLUMN exchange_rate_origin VARCHAR(20);
ALTER TABLE orders ADD COLUMN quote JSONB;
ALTER TABLE orders ADD CONSTRAINT orders_product_or_purchase CHECK (product_id IS NOT NULL OR title IS NOT NULL);

CREATE TABLE order_lines (
    id               UUID PRIMARY KEY,
    order_id         UUID         NOT NULL REFERENCES orders (id),
    position         INT          NOT NULL,
    kind             VARCHAR(20)  NOT NULL,
    item_id          VARCHAR(50)  NOT NULL,
    item_reference   VARCHAR(50)  NOT NULL,
    name             VARCHAR(200) NOT NULL,
    quantity         INT          NOT NULL CHECK (quantity >= 1),
    free             BOOLEAN      NOT NULL,
    bot_flow_id      VARCHAR(100),
    amount_minor     BIGINT       NOT NULL CHECK (amount_minor >= 0),
    currency         VARCHAR(3)   NOT NULL,
    UNIQUE (order_id, position)
);

-- What a completed order grants: one entitlement per line, exactly once (the line is unique here).
CREATE TABLE entitlements (
    id             UUID PRIMARY KEY,
    user_id        VARCHAR(255) NOT NULL,
    order_id       UUID         NOT NULL REFERENCES orders (id),
    order_line_id  UUID         NOT NULL UNIQUE REFERENCES order_lines (id),
    workspace_id   VARCHAR(100),
    kind           VARCHAR(20)  NOT NULL,
    item_reference VARCHAR(50)  NOT NULL,
    quantity       INT          NOT NULL,
    bot_flow_id    VARCHAR(100),
    months         INT          NOT NULL,
    granted_at     TIMESTAMPTZ  NOT NULL,
    revoked_at     TIMESTAMPTZ,
    revoke_reason  VARCHAR(1000)
);
CREATE INDEX entitlements_by_user ON entitlements (user_id, granted_at DESC);
