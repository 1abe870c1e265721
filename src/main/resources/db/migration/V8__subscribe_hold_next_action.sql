-- A subscribe holds its workspace until it has written the subscription (or given up), so that a second subscribe
-- of the same workspace is refused before it tokenizes a card or makes a payment source at the provider.
ALTER TABLE workspaces ADD COLUMN subscribing_until TIMESTAMPTZ;

-- A live subscription always has a next action: the billing run is what moves it on. Rows left without one by a
-- payment held for review (before this rule) get the review grace from now.
UPDATE subscriptions SET next_action_at = now() + interval '3 days'
WHERE status IN ('PENDING', 'ACTIVE', 'PAST_DUE') AND next_action_at IS NULL;
ALTER TABLE subscriptions ADD CONSTRAINT live_subscriptions_have_a_next_action
    CHECK (status NOT IN ('PENDING', 'ACTIVE', 'PAST_DUE') OR next_action_at IS NOT NULL);
