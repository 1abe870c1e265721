#!/usr/bin/env python3
"""Times the statements GET /admin/metrics runs, as it runs them: one connection, the five statements of
metrics/MetricsStore.java (read from the source, so this always times the current SQL) one after the other, for 24
months by month (or --interval week / day), warm (5 unmeasured rounds first). Prints p50/p95 of a round (the endpoint's database time) and
of each statement, then EXPLAIN (ANALYZE, BUFFERS) of each. psql's \\timing is client-side: round trips included.

Usage: bench/metrics/time_metrics.py [--db NAME] [--rounds 30] [--from 2024-12-01] [--months 24]
       [--interval month|week|day] [--no-plans]
(PGHOST/PGPORT/PGUSER from the environment.)"""
import argparse, datetime, pathlib, re, statistics, subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]
STORE = ROOT / "src/main/java/dev/pagos/metrics/MetricsStore.java"
ORDER = ["MRR", "STATUS_CHANGES", "DUNNING", "ONE_TIME", "REFUNDS"]


def statements():
    found = dict(re.findall(r'private static final String (\w+) = """\n(.*?)""";', STORE.read_text(), re.S))
    return [(name, found[name]) for name in ORDER]


def bounds(start, months, interval):
    """As MetricsService.Range.bounds: from, from + 1 interval, ..., cut at from + months."""
    d = datetime.date.fromisoformat(start)
    y, m = divmod(d.month - 1 + months, 12)
    end = datetime.date(d.year + y, m + 1, 1)
    step = {"day": 1, "week": 7}.get(interval)
    out = []
    k = 0
    while True:
        if step:
            at = d + datetime.timedelta(days=step * k)
        else:
            y, m = divmod(d.month - 1 + k, 12)
            at = datetime.date(d.year + y, m + 1, 1)
        if at >= end:
            out.append(end)
            break
        out.append(at)
        k += 1
    return [x.isoformat() + "T00:00:00Z" for x in out]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default="pagos_metrics_bench")
    ap.add_argument("--rounds", type=int, default=30)
    ap.add_argument("--from", dest="start", default="2024-12-01")
    ap.add_argument("--months", type=int, default=24)
    ap.add_argument("--interval", default="month", choices=["month", "week", "day"])
    ap.add_argument("--no-plans", action="store_true")
    a = ap.parse_args()
    b = bounds(a.start, a.months, a.interval)
    args = {"$1": "'{" + ",".join(b) + "}'", "$2": f"'{b[-1]}'", "$3": f"'{b[0]}'"}
    script = ["\\set ON_ERROR_STOP on"]
    executes = []
    for name, sql in statements():
        used = [p for p in ("$1", "$2", "$3") if p in sql]
        types = {"$1": "timestamptz[]", "$2": "timestamptz", "$3": "timestamptz"}
        script.append(f"PREPARE {name.lower()}({','.join(types[p] for p in used)}) AS {sql};")
        executes.append(f"EXECUTE {name.lower()}({','.join(args[p] for p in used)});")
    script.append("\\o /dev/null")
    for _ in range(5):
        script.extend(executes)
    script.append("\\timing on")
    for _ in range(a.rounds):
        script.extend(executes)
    out = subprocess.run(["psql", "-X", "-q", "-d", a.db], input="\n".join(script), capture_output=True, text=True,
                         check=True).stdout
    times = [float(t) for t in re.findall(r"Time: ([0-9.]+) ms", out)]
    per = {name: times[i::len(ORDER)] for i, name in enumerate(ORDER)}
    rounds = [sum(times[r * len(ORDER):(r + 1) * len(ORDER)]) for r in range(a.rounds)]

    def pct(xs, p):
        xs = sorted(xs)
        return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]

    counts = subprocess.run(["psql", "-X", "-Atq", "-d", a.db, "-c",
                             "SELECT (SELECT count(*) FROM subscriptions), (SELECT count(*) FROM charges),"
                             " (SELECT count(*) FROM subscription_transitions), (SELECT count(*) FROM orders),"
                             " (SELECT count(*) FROM order_transitions)"], capture_output=True, text=True,
                            check=True).stdout.strip().split("|")
    print(f"data: {counts[0]} subscriptions, {counts[1]} charges, {counts[2]} subscription transitions, "
          f"{counts[3]} orders, {counts[4]} order transitions")
    print(f"{len(b) - 1} intervals ({a.interval}) from {b[0]} to {b[-1]}, {a.rounds} rounds after 5 warm-up rounds")
    print(f"| statement | p50 ms | p95 ms |\n|---|---|---|")
    for name in ORDER:
        print(f"| {name} | {pct(per[name], 50):.1f} | {pct(per[name], 95):.1f} |")
    print(f"| **all five (the endpoint's database time)** | **{pct(rounds, 50):.1f}** | **{pct(rounds, 95):.1f}** |")
    if not a.no_plans:
        plan = ["\\set ON_ERROR_STOP on"] + script[1:1 + len(ORDER)]
        for e in executes:
            plan.append("\\echo ==== " + e.split("(")[0].split()[1].upper())
            plan.append("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + e)
        print(subprocess.run(["psql", "-X", "-q", "-d", a.db], input="\n".join(plan), capture_output=True,
                             text=True, check=True).stdout)


if __name__ == "__main__":
    main()
