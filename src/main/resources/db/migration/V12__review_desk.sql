-- The review desk: every admin action on an order, a charge or a webhook event, with who, when and why. Rows are
-- only ever inserted; the subject's own trail (order_transitions, charge_transitions) says what the action changed.
CREATE TABLE admin_actions (
    id               BIGSERIAL PRIMARY KEY,
    subject_type     VARCHAR(20)   NOT NULL CHECK (subject_type IN ('order', 'charge', 'webhook_event', 'subscription')),
    subject_id       VARCHAR(300)  NOT NULL,
    action           VARCHAR(20)   NOT NULL CHECK (action IN ('refund', 'accept', 'reject', 'replay')),
    actor            VARCHAR(255)  NOT NULL,
    reason           VARCHAR(500)  NOT NULL CHECK (length(reason) > 0),
    manual_reference VARCHAR(255),
    outcome          VARCHAR(2000) NOT NULL,
    occurred_at      TIMESTAMPTZ   NOT NULL
);
CREATE INDEX admin_actions_by_subject ON admin_actions (subject_type, subject_id, id);

-- What the desk lists, read without scanning whole tables.
CREATE INDEX orders_needing_review ON orders (updated_at) WHERE status = 'NEEDS_REVIEW';
CREATE INDEX charges_for_review ON charges (updated_at) WHERE status IN ('NEEDS_REVIEW', 'UNKNOWN');
CREATE INDEX webhook_inbox_abandoned ON webhook_inbox (processed_at) WHERE outcome LIKE 'abandoned after%';
CREATE INDEX charge_transitions_by_charge ON charge_transitions (charge_id, id);
