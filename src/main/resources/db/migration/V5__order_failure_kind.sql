-- Why a FAILED order failed, in words a page can switch on: CANCELLED (the buyer gave up), EXPIRED (not paid in
-- time) or NULL (the payment itself failed: declined, reversed, refused). The status stays FAILED either way,
-- so the forward-only table and everything that treats FAILED as final are unchanged.
ALTER TABLE orders ADD COLUMN failure_kind VARCHAR(20) CHECK (failure_kind IN ('CANCELLED', 'EXPIRED'));
UPDATE orders SET failure_kind = 'EXPIRED' WHERE status = 'FAILED' AND failure_reason LIKE '%not paid within%';
