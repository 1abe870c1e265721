#!/usr/bin/env python3
"""What V13's metrics triggers add to the writes that fire them, on the seeded benchmark database (bench/metrics/run.sh
--keep it first; this adds rows to it). Two kinds of transaction, each as the application writes it, one transaction
per subscription or order:

  renewal   a new charge inserted CREATED, updated to APPROVED, and the ACTIVE -> ACTIVE note of the renewal
  purchase  an order inserted PENDING with its first transition, updated to COMPLETED, and that transition

Rounds alternate with the metrics triggers enabled and disabled (ALTER TABLE ... DISABLE TRIGGER USER: the tables have
no other user triggers), N transactions per round through one psql session; the cost of a transaction is a round's
wall time / N. At the end metrics_rebuild() brings the facts back in line with the rows. Prints the median per kind and state, and the difference (the triggers' cost per transaction).

Usage: bench/metrics/write_cost.py [--db NAME] [--n 200] [--rounds 3]   (PGHOST/PGPORT/PGUSER from the environment)"""
import argparse, statistics, subprocess, time, uuid

TABLES = ["charges", "subscription_transitions", "subscriptions", "orders", "order_lines", "order_transitions"]


def psql(db, sql):
    return subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", db], input=sql,
                          capture_output=True, text=True, check=True).stdout


def timed(db, sql):
    started = time.perf_counter()
    psql(db, sql)
    return time.perf_counter() - started


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default="pagos_metrics_bench")
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    need = a.n * a.rounds * 2
    subs = [line.split("|") for line in psql(a.db, f"""
        SELECT id, periods_paid, price_usd_minor FROM subscriptions
        WHERE status = 'ACTIVE' AND billing_period = 'MONTHLY' ORDER BY id LIMIT {need}""").split()]
    if len(subs) < need:
        raise SystemExit(f"only {len(subs)} active monthly subscriptions")
    clock = [0]

    def at():
        clock[0] += 1
        return f"'2026-12-05T00:00:00Z'::timestamptz + interval '{clock[0]} seconds'"

    def renewals(rows):
        out = []
        for sub_id, period, usd in rows:
            key = f"bench-write-{uuid.uuid4()}"
            t = at()
            out.append(f"""BEGIN;
INSERT INTO charges (id, subscription_id, period_index, attempt, status, amount_minor, currency, amount_usd_minor,
    exchange_rate, idempotency_key, created_at, updated_at)
SELECT gen_random_uuid(), '{sub_id}', max(period_index) + 1, 1, 'CREATED', {usd} * 4100, 'COP', {usd}, 4100, '{key}', {t}, {t}
FROM charges WHERE subscription_id = '{sub_id}';
UPDATE charges SET status = 'APPROVED', updated_at = {t} WHERE idempotency_key = '{key}';
INSERT INTO subscription_transitions (subscription_id, from_status, to_status, cause, occurred_at)
VALUES ('{sub_id}', 'ACTIVE', 'ACTIVE', 'renewed', {t});
COMMIT;""")
        return "\n".join(out)

    def purchases(count):
        out = []
        for _ in range(count):
            order_id = uuid.uuid4()
            t = at()
            out.append(f"""BEGIN;
INSERT INTO orders (id, user_id, product_id, provider, status, amount_minor, currency, created_at, updated_at)
VALUES ('{order_id}', 'bench-write', 'skyblock-odyssey', 'paypal', 'PENDING', 1299, 'USD', {t}, {t});
INSERT INTO order_transitions (order_id, from_status, to_status, cause, occurred_at)
VALUES ('{order_id}', NULL, 'PENDING', 'bench', {t});
UPDATE orders SET status = 'COMPLETED', completed_at = {t}, updated_at = {t} WHERE id = '{order_id}';
INSERT INTO order_transitions (order_id, from_status, to_status, cause, occurred_at)
VALUES ('{order_id}', 'PENDING', 'COMPLETED', 'bench', {t});
COMMIT;""")
        return "\n".join(out)

    def triggers(on):
        psql(a.db, "".join(f"ALTER TABLE {t} {'ENABLE' if on else 'DISABLE'} TRIGGER USER;" for t in TABLES))

    results = {("renewal", True): [], ("renewal", False): [], ("purchase", True): [], ("purchase", False): []}
    used = 0
    try:
        for _ in range(a.rounds):
            for on in (True, False):
                triggers(on)
                batch = subs[used:used + a.n]
                used += a.n
                results[("renewal", on)].append(timed(a.db, renewals(batch)) / a.n * 1000)
                results[("purchase", on)].append(timed(a.db, purchases(a.n)) / a.n * 1000)
    finally:
        triggers(True)
        # The rounds without triggers wrote rows the facts do not have: recompute them from the history.
        psql(a.db, "SELECT metrics_rebuild();")
    print(f"{a.rounds} rounds of {a.n} transactions per kind, triggers on and off alternating")
    print("| transaction | with the triggers, ms | without, ms | the triggers' cost, ms |\n|---|---|---|---|")
    for kind in ("renewal", "purchase"):
        on = statistics.median(results[(kind, True)])
        off = statistics.median(results[(kind, False)])
        print(f"| {kind} | {on:.2f} | {off:.2f} | {on - off:.2f} |")


if __name__ == "__main__":
    main()
