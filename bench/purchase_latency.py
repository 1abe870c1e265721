#!/usr/bin/env python3
"""End-to-end purchase latency in local mode.

Against a running `./mvnw quarkus:dev` (PayPal simulator, embedded PostgreSQL), each round signs in a new
buyer, creates an order (POST /orders: our insert + the PayPal create call + the QR code), opens the approval
link as a phone would, and polls GET /orders/{id} until COMPLETED (simulator webhook -> signature check ->
inbox -> capture -> acquisition). Prints percentiles and the server's resident memory.

    python3 bench/purchase_latency.py [--rounds 200] [--base http://localhost:8080]
"""
import argparse
import json
import statistics
import subprocess
import time
import urllib.request

PRODUCTS = ["skyblock-odyssey", "create-industrial", "medieval-realms"]


def call(method, url, token=None, body=None):
    request = urllib.request.Request(url, method=method, data=None if body is None else json.dumps(body).encode())
    request.add_header("content-type", "application/json")
    if token:
        request.add_header("authorization", "Bearer " + token)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"{}") if "json" in response.headers.get("content-type", "") else None


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def server_rss_mib(port):
    try:
        pid = subprocess.check_output(["bash", "-c", f"ss -ltnp 'sport = :{port}' | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2"],
                                      text=True).strip()
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS"):
                    return int(line.split()[1]) / 1024
    except Exception:
        return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--base", default="http://localhost:8080")
    parser.add_argument("--warmup", type=int, default=20)
    args = parser.parse_args()

    create_ms, complete_ms = [], []
    run = int(time.time())
    for i in range(args.warmup + args.rounds):
        token = call("GET", f"{args.base}/dev/token?user=bench-{run}-{i}")["token"]
        started = time.perf_counter()
        order = call("POST", f"{args.base}/orders", token, {"productId": PRODUCTS[i % 3], "provider": "paypal"})
        created = time.perf_counter()
        # What the buyer's phone does on the simulator's approval page: press "Pay now" (a POST; a GET only shows it).
        urllib.request.urlopen(urllib.request.Request(order["approveUrl"], data=b"action=pay", method="POST",
                                                      headers={"content-type": "application/x-www-form-urlencoded"}),
                               timeout=30).read()
        approved = time.perf_counter()
        while call("GET", f"{args.base}/orders/{order['orderId']}", token)["status"] != "COMPLETED":
            if time.perf_counter() - approved > 30:
                raise SystemExit(f"order {order['orderId']} not completed after 30 s")
            time.sleep(0.005)
        done = time.perf_counter()
        if i >= args.warmup:
            create_ms.append((created - started) * 1000)
            complete_ms.append((done - approved) * 1000)

    for name, values in [("create order (POST /orders)", create_ms), ("approval -> COMPLETED", complete_ms)]:
        print(f"{name:30s} n={len(values)} p50={percentile(values, 50):.1f} ms p95={percentile(values, 95):.1f} ms "
              f"p99={percentile(values, 99):.1f} ms mean={statistics.mean(values):.1f} ms")
    rss = server_rss_mib(args.base.rsplit(":", 1)[-1].strip("/"))
    if rss:
        print(f"server RSS after the run: {rss:.0f} MiB")


if __name__ == "__main__":
    main()
