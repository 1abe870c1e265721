-- Subscriptions (issue 7). Wompi has no subscriptions: Pagos keeps them, schedules the charges and retries them.

-- A workspace belongs to the user who first subscribed it; only that user (or an admin) acts on it afterwards.
CREATE TABLE workspaces (
    id         VARCHAR(100) PRIMARY KEY,
    owner_id   VARCHAR(255) NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL
);

CREATE TABLE subscriptions (
    id                   UUID PRIMARY KEY,
    workspace_id         VARCHAR(100) NOT NULL REFERENCES workspaces (id),
    owner_id             VARCHAR(255) NOT NULL,
    status               VARCHAR(20)  NOT NULL,
    provider             VARCHAR(20)  NOT NULL,
    -- What is subscribed: the selection as the catalogue resolved it ({plan, freeAssistant, paidAssistants, addons}).
    selection            JSONB        NOT NULL,
    billing_period       VARCHAR(10)  NOT NULL,
    -- The price of one period, in USD (exact) and in COP at the rate used for the latest charge.
    price_usd_minor      BIGINT       NOT NULL CHECK (price_usd_minor > 0),
    price_cop_minor      BIGINT       NOT NULL CHECK (price_cop_minor > 0),
    exchange_rate        NUMERIC      NOT NULL,
    exchange_rate_origin VARCHAR(20)  NOT NULL,
    -- A change asked for during a period, applied when the next one starts (same shape as selection, plus prices).
    pending_change       JSONB,
    workspace_name       VARCHAR(200),
    email                VARCHAR(320) NOT NULL,
    phone                VARCHAR(50),
    -- Provider ids (payment source, card's last four digits and brand): never a card number or a CVC.
    provider_data        JSONB        NOT NULL,
    -- Periods are counted from the anchor in UTC (month ends clamp: Jan 31 -> Feb 28/29 -> Mar 31).
    anchor_at            TIMESTAMPTZ,
    periods_paid         INT          NOT NULL DEFAULT 0,
    current_period_start TIMESTAMPTZ,
    current_period_end   TIMESTAMPTZ,
    cancel_at_period_end BOOLEAN      NOT NULL DEFAULT FALSE,
    canceled_at          TIMESTAMPTZ,
    -- When the renewal job must look at it next (a renewal, a dunning retry, a check of an open charge).
    next_action_at       TIMESTAMPTZ,
    -- Declined attempts for the period being charged; reset on approval.
    declined_attempts    INT          NOT NULL DEFAULT 0,
    -- While in the future, one run of the renewal job holds this subscription.
    claimed_until        TIMESTAMPTZ,
    failure_reason       VARCHAR(1000),
    created_at           TIMESTAMPTZ  NOT NULL,
    updated_at           TIMESTAMPTZ  NOT NULL,
    version              BIGINT       NOT NULL DEFAULT 0
);
-- One live subscription per workspace; the index also settles two simultaneous first subscribes.
CREATE UNIQUE INDEX subscriptions_one_live_per_workspace ON subscriptions (workspace_id)
    WHERE status IN ('PENDING', 'ACTIVE', 'PAST_DUE');
CREATE INDEX subscriptions_due ON subscriptions (next_action_at) WHERE status IN ('PENDING', 'ACTIVE', 'PAST_DUE');
CREATE INDEX subscriptions_by_creation ON subscriptions (created_at, id);

CREATE TABLE subscription_transitions (
    id              BIGSERIAL PRIMARY KEY,
    subscription_id UUID          NOT NULL REFERENCES subscriptions (id),
    from_status     VARCHAR(20),
    to_status       VARCHAR(20)   NOT NULL,
    cause           VARCHAR(300)  NOT NULL,
    detail          VARCHAR(2000),
    occurred_at     TIMESTAMPTZ   NOT NULL
);
CREATE INDEX subscription_transitions_by_subscription ON subscription_transitions (subscription_id, id);

-- One row per attempt to charge a period. The provider's reference is "charge-<id>": the same attempt sent again
-- is the same charge at the provider.
CREATE TABLE charges (
    id                  UUID PRIMARY KEY,
    subscription_id     UUID         NOT NULL REFERENCES subscriptions (id),
    period_index        INT          NOT NULL CHECK (period_index >= 0),
    attempt             INT          NOT NULL CHECK (attempt >= 1),
    status              VARCHAR(20)  NOT NULL,
    amount_minor        BIGINT       NOT NULL CHECK (amount_minor > 0),
    currency            VARCHAR(3)   NOT NULL,
    amount_usd_minor    BIGINT       NOT NULL,
    exchange_rate       NUMERIC      NOT NULL,
    idempotency_key     VARCHAR(120) NOT NULL UNIQUE,
    provider_payment_id VARCHAR(100),
    provider_status     VARCHAR(40),
    failure_reason      VARCHAR(1000),
    created_at          TIMESTAMPTZ  NOT NULL,
    updated_at          TIMESTAMPTZ  NOT NULL,
    UNIQUE (subscription_id, period_index, attempt)
);
-- A period is paid once.
CREATE UNIQUE INDEX charges_one_approved_per_period ON charges (subscription_id, period_index) WHERE status = 'APPROVED';
-- At most one attempt in flight per subscription.
CREATE UNIQUE INDEX charges_one_open_per_subscription ON charges (subscription_id)
    WHERE status IN ('CREATED', 'UNKNOWN', 'PENDING');

CREATE TABLE charge_transitions (
    id          BIGSERIAL PRIMARY KEY,
    charge_id   UUID          NOT NULL REFERENCES charges (id),
    from_status VARCHAR(20),
    to_status   VARCHAR(20)   NOT NULL,
    cause       VARCHAR(300)  NOT NULL,
    detail      VARCHAR(2000),
    occurred_at TIMESTAMPTZ   NOT NULL
);

-- A subscription grants entitlements as an order does: one row per item, revoked when it ends.
ALTER TABLE entitlements ALTER COLUMN order_id DROP NOT NULL;
ALTER TABLE entitlements ALTER COLUMN order_line_id DROP NOT NULL;
ALTER TABLE entitlements ADD COLUMN subscription_id UUID REFERENCES subscriptions (id);
ALTER TABLE entitlements ADD CONSTRAINT entitlements_from_order_or_subscription
    CHECK (order_id IS NOT NULL OR subscription_id IS NOT NULL);
CREATE INDEX entitlements_by_subscription ON entitlements (subscription_id) WHERE subscription_id IS NOT NULL;
