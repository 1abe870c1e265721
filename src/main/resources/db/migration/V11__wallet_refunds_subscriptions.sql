-- The wallet, second part: top-up refunds that hold the money before the provider is asked, and subscriptions
-- that pay from the wallet.

-- A top-up refund takes the money out of the wallet first (a 'topup_refund' entry, under the balance row's lock,
-- so it cannot race a purchase) and only then asks the provider; a refusal puts it back with a
-- 'refund_reversal' entry. Entries stay insert-only: the reversal is a new entry, never an edit.
ALTER TABLE journal_entries DROP CONSTRAINT journal_entries_kind_check;
ALTER TABLE journal_entries ADD CONSTRAINT journal_entries_kind_check
    CHECK (kind IN ('topup', 'purchase', 'renewal', 'refund', 'topup_refund', 'refund_reversal', 'adjustment'));
-- A top-up's refund holds and reversals are counted per order under the order's lock.
CREATE INDEX journal_entries_by_order ON journal_entries (order_id) WHERE order_id IS NOT NULL;

-- How a subscription pays each period: its card (as before), the owner's COP wallet, or the wallet first and the
-- card when the wallet does not cover the period.
ALTER TABLE subscriptions ADD COLUMN payment_method VARCHAR(20) NOT NULL DEFAULT 'card'
    CHECK (payment_method IN ('card', 'wallet', 'wallet_then_card'));
