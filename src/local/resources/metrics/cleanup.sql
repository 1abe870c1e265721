DELETE FROM order_transitions WHERE order_id::text LIKE '00000000-0000-4000-9000-%';
DELETE FROM order_lines WHERE order_id::text LIKE '00000000-0000-4000-9000-%';
DELETE FROM orders WHERE id::text LIKE '00000000-0000-4000-9000-%';
DELETE FROM charge_transitions WHERE charge_id IN (SELECT id FROM charges WHERE idempotency_key LIKE 'metrics-%');
DELETE FROM charges WHERE idempotency_key LIKE 'metrics-%';
DELETE FROM subscription_transitions WHERE subscription_id::text LIKE '00000000-0000-4000-8000-%';
DELETE FROM subscriptions WHERE id::text LIKE '00000000-0000-4000-8000-%';
DELETE FROM workspaces WHERE id LIKE 'metrics-%';
