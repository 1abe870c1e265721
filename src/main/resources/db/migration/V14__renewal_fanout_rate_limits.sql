-- Renewals fan out through a queue: the scheduled function claims due subscriptions and enqueues them; workers
-- take them from the queue. The claim says which dispatch holds a subscription (claim_token, carried in the
-- message) and whether a worker has taken it (claim_taken): a second delivery of the same message finds it taken
-- (and waits) or released (and is dropped); a message from an older dispatch finds another token (and is dropped).
-- While claimed_until is in the future the subscription is held: by the queue until a worker takes it, then by the
-- worker (a lease that runs out if the worker dies, after which the message's redelivery takes it again).
ALTER TABLE subscriptions ADD COLUMN claim_token UUID;
ALTER TABLE subscriptions ADD COLUMN claim_taken BOOLEAN NOT NULL DEFAULT FALSE;

-- Calls toward a provider account, spaced across every worker: one row per bucket (e.g. "wompi:<public key>")
-- holding the earliest moment the next call may start. Reserving a slot is one short UPDATE; no lock is held across
-- the provider call.
CREATE TABLE provider_rate_limits (
    bucket  VARCHAR(200) PRIMARY KEY,
    next_at TIMESTAMPTZ  NOT NULL
);
