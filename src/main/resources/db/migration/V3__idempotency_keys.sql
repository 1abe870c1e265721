-- Idempotency-Key of create calls, one row per (user, operation, key). While a request runs it holds the
-- lease; when it has answered for good, the answer is kept so a retry gets it back instead of a second run.
CREATE TABLE idempotency_keys (
    id              BIGSERIAL PRIMARY KEY,
    user_id         VARCHAR(255) NOT NULL,
    operation       VARCHAR(100) NOT NULL,
    idempotency_key VARCHAR(255) NOT NULL,
    -- SHA-256 (hex) of method, route and raw body: the same key with another request is refused.
    request_hash    VARCHAR(64)  NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL,
    lease_until     TIMESTAMPTZ,
    response_status INT,
    response_body   TEXT,
    answered_at     TIMESTAMPTZ,
    UNIQUE (user_id, operation, idempotency_key),
    CHECK ((response_status IS NULL) = (response_body IS NULL))
);
-- Expired keys are removed oldest first.
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
