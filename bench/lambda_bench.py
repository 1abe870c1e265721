#!/usr/bin/env python3
"""Cold starts, warm latency, memory and SQL per invocation of Pagos's Lambda functions, as the AWS Java
runtime runs them, against a bare Quarkus amazon-lambda app built in the same run.

    python3 bench/lambda_bench.py                 # build both, 7 interleaved cold starts each, 2000 warm calls
    python3 bench/lambda_bench.py --cold 3 --warm 300 --no-build
    python3 bench/lambda_bench.py --smoke         # CI: db-migrate, catalog-list, order-create once each, no bare app
    python3 bench/lambda_bench.py --native target/native/function.zip   # ... and native rows ("native:<name>")
    python3 bench/lambda_bench.py --native-smoke target/native/function.zip  # CI: the native executable's functions once each

What it does (stdlib only; needs java/javac 17, the Debian PostgreSQL 15 server, openssl):
  * builds target/function.zip as deployed (./mvnw package -Dlambda: no quarkus-vertx-http, no local mode) and
    the bare app (bench/bare -> target/bench/bare);
  * starts PostgreSQL 15 on 127.0.0.1:18590 (scram passwords, pg_stat_statements) in a throw-away directory,
    runs db-migrate through the runtime, loads the local sample catalogue, starts a fake PayPal on 18583;
  * for each function, spawns `java <AWS runtime flags> MiniRuntime <unzipped zip> QuarkusStreamHandler::handleRequest`
    with a Runtime API emulator on 18584 and the environment template.yaml gives a function; interleaves the
    functions within each round so background load hits all of them alike;
  * reports init (spawn -> first `next`), first response (spawn -> first answer), first invoke alone, warm
    p50/p99 (answer posted - event handed over), RSS after the warm calls, SQL statements of one warm call
    (pg_stat_statements, BEGIN/COMMIT included), artifact sizes and loaded classes. Results go to stdout
    and target/bench/results.json; bench/RESULTS.md is written by hand from them;
  * with --native <function.zip or executable>: the same functions from a native executable built by
    infra/native (GRAALVM_HOME=$PWD/infra/native ./mvnw package -Dnative), interleaved in the same rounds. It is
    started as Lambda's provided.al2023 runtime starts `bootstrap` (the executable itself polls the Runtime API).
    Caveat: that executable is dynamically linked to the Temurin 25 JDK's shared libraries (infra/native/setup.sh);
    a Mandrel build links them statically. No class counts for native rows (nothing is loaded at run time).
"""
import argparse
import base64
import http.server
import itertools
import json
import os
import platform
import queue
import shutil
import statistics
import subprocess
import sys
import threading
import time
import uuid
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "target" / "bench"
PG_DIR = Path("/tmp/pagos-bench-pg")
PG_BIN = Path("/usr/lib/postgresql/15/bin")
PG_PORT = 18590
PAYPAL_PORT = 18583
RUNTIME_PORT = 18584
DB_PASSWORD = "bench-only-password"
ISSUER = "https://bench.pagos.invalid"
HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest"
# The java21 managed runtime's defaults that matter for start-up: C1 only, serial GC, heap from 512 MB.
JAVA_FLAGS = ["-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
              "-XX:MaxHeapSize=445645k"]


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


# --- builds -----------------------------------------------------------------------------------------------

def build(skip, before, smoke=False, native=None):
    if not skip:
        log("building target/function.zip" + ("" if smoke else " and the bare app"))
        run([str(ROOT / "mvnw"), "-B", "-q", "package", "-Dlambda"], cwd=ROOT)
        if not smoke:
            run([str(ROOT / "mvnw"), "-B", "-q", "-f", "bench/bare/pom.xml", "package"], cwd=ROOT)
    apps = {"pagos": ROOT / "target" / "function.zip"}
    if not smoke:
        apps["bare"] = WORK / "bare" / "function.zip"
    if before:
        apps["before"] = Path(before)
    if native:
        apps["native"] = Path(native)
    tasks = {}
    for name, zip_path in apps.items():
        if name == "native":
            tasks[name] = native_task(Path(zip_path))
            continue
        task = WORK / "task" / name
        shutil.rmtree(task, ignore_errors=True)
        task.mkdir(parents=True)
        with zipfile.ZipFile(zip_path) as z:
            z.extractall(task)
        tasks[name] = task
    runtime = WORK / "runtime"
    runtime.mkdir(parents=True, exist_ok=True)
    if smoke:
        core = lambda_core_from(tasks["pagos"])
    else:
        core = sorted((tasks["bare"] / "lib").glob("com.amazonaws.aws-lambda-java-core-*.jar"))[0]
    run(["javac", "-d", str(runtime), "-cp", str(core), str(ROOT / "bench" / "runtime" / "MiniRuntime.java")])
    return tasks, {k: v.stat().st_size for k, v in apps.items()}, str(runtime) + os.pathsep + str(core)


def native_task(path):
    """A native function: the zip Quarkus makes (the executable as bootstrap) unpacked, or an executable."""
    task = WORK / "task" / "native"
    shutil.rmtree(task, ignore_errors=True)
    task.mkdir(parents=True)
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            for info in z.infolist():
                z.extract(info, task)
                mode = info.external_attr >> 16
                if mode:
                    os.chmod(task / info.filename, mode & 0o777)
        runner = [f for f in task.iterdir() if f.name == "bootstrap" or f.name.endswith("-runner")]
        if not runner:
            raise RuntimeError(f"no bootstrap executable in {path}")
        shutil.copy2(runner[0], task / "executable")
    else:
        shutil.copy2(path, task / "executable")
    (task / "executable").chmod(0o755)
    return task


def lambda_core_from(task):
    """The Lambda core API (what the AWS runtime puts on its own class path) taken from the function's merged
    dependency jar, so that a smoke run needs no bare app."""
    core = WORK / "runtime-core"
    shutil.rmtree(core, ignore_errors=True)
    prefix = "com/amazonaws/services/lambda/runtime/"
    for jar in sorted((task / "lib").glob("*.jar")):
        with zipfile.ZipFile(jar) as z:
            for entry in z.namelist():
                rest = entry[len(prefix):]
                if entry.startswith(prefix) and entry.endswith(".class") and ("/" not in rest
                                                                               or rest.startswith("logging/")):
                    z.extract(entry, core)
    if not (core / prefix / "Context.class").exists():
        raise RuntimeError(f"no Lambda core API in {task / 'lib'}")
    return core


# --- PostgreSQL -------------------------------------------------------------------------------------------

def as_postgres(cmd):
    return ["runuser", "-u", "postgres", "--"] + cmd if os.geteuid() == 0 else cmd


def psql(sql, db="pagos"):
    out = run(as_postgres(["psql", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "-d", db, "-Atq", "-c", sql]),
              capture_output=True, text=True, env={**os.environ, "PGPASSWORD": DB_PASSWORD})
    return out.stdout.strip()


def start_postgres():
    stop_postgres()
    PG_DIR.mkdir(parents=True)
    shutil.chown(PG_DIR, "postgres", "postgres") if os.geteuid() == 0 else None
    pwfile = PG_DIR / "pw"
    pwfile.write_text(DB_PASSWORD)
    shutil.chown(pwfile, "postgres", "postgres") if os.geteuid() == 0 else None
    run(as_postgres([str(PG_BIN / "initdb"), "-D", str(PG_DIR / "data"), "-U", "postgres", "--auth=scram-sha-256",
                     "--pwfile", str(pwfile)]), stdout=subprocess.DEVNULL)
    with open(PG_DIR / "data" / "postgresql.conf", "a") as conf:
        conf.write(f"listen_addresses='127.0.0.1'\nport={PG_PORT}\nunix_socket_directories='{PG_DIR}'\n"
                   "shared_preload_libraries='pg_stat_statements'\npg_stat_statements.track=all\n"
                   "pg_stat_statements.track_utility=on\nfsync=off\n")
    run(as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(PG_DIR / "data"), "-l", str(PG_DIR / "log"), "-w", "start"]),
        stdout=subprocess.DEVNULL)
    psql("CREATE DATABASE pagos", db="postgres")
    psql("CREATE EXTENSION pg_stat_statements")


def stop_postgres():
    if (PG_DIR / "data" / "postmaster.pid").exists():
        subprocess.run(as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(PG_DIR / "data"), "-m", "immediate", "stop"]),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    shutil.rmtree(PG_DIR, ignore_errors=True)


def statements_since_reset():
    return int(psql("SELECT coalesce(sum(calls), 0) FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid "
                    "WHERE query NOT ILIKE '%pg_stat_statements%'") or 0)


# --- fake PayPal (OAuth2 + create order), loopback ------------------------------------------------------

class FakePaypal(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    handling = []  # seconds each create-order call spent here, read as "provider time"

    def do_POST(self):
        started = time.perf_counter()
        self.rfile.read(int(self.headers.get("content-length", 0)))
        if self.path == "/v1/oauth2/token":
            body = {"access_token": "bench-token", "token_type": "Bearer", "expires_in": 32400}
        else:
            order_id = "BENCH" + uuid.uuid4().hex[:12].upper()
            body = {"id": order_id, "status": "PAYER_ACTION_REQUIRED", "links": [
                {"href": f"https://www.sandbox.paypal.com/checkoutnow?token={order_id}", "rel": "payer-action",
                 "method": "GET"}]}
        data = json.dumps(body).encode()
        self.send_response(200 if self.path == "/v1/oauth2/token" else 201)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()
        if self.path != "/v1/oauth2/token":
            FakePaypal.handling.append(time.perf_counter() - started)

    def log_message(self, *args):
        pass


# --- the Runtime API emulator ---------------------------------------------------------------------------

class QuietServer(http.server.ThreadingHTTPServer):
    """Instances are killed mid-connection on purpose; their resets are not errors."""
    allow_reuse_address = True
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass


class RuntimeApi:
    """One function instance's view of the Lambda Runtime API: hands out queued events on `next`, records when."""

    def __init__(self):
        self.events = queue.Queue()
        self.answers = queue.Queue()
        self.first_next = None
        self.handed_over = {}
        api = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def do_GET(self):
                if api.first_next is None:
                    api.first_next = time.perf_counter()
                event = api.events.get()
                if event is None:
                    self.close_connection = True
                    return
                request_id = str(uuid.uuid4())
                data = json.dumps(event).encode()
                self.send_response(200)
                self.send_header("Lambda-Runtime-Aws-Request-Id", request_id)
                self.send_header("Lambda-Runtime-Deadline-Ms", str(int(time.time() * 1000) + 30000))
                self.send_header("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:bench")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                api.handed_over[request_id] = time.perf_counter()
                self.wfile.write(data)
                self.wfile.flush()

            def do_POST(self):
                now = time.perf_counter()
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                parts = self.path.split("/")
                self.send_response(202)
                self.send_header("content-length", "0")
                self.end_headers()
                if parts[-1] in ("response", "error") and parts[-3] == "invocation":
                    api.answers.put((parts[-2], parts[-1], now, body))
                else:
                    api.answers.put((None, "init-error", now, body))

            def log_message(self, *args):
                pass

        self.server = QuietServer(("127.0.0.1", RUNTIME_PORT), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def invoke(self, event, timeout=120):
        self.events.put(event)
        request_id, kind, at, body = self.answers.get(timeout=timeout)
        if kind != "response":
            raise RuntimeError(f"function failed ({kind}): {body[:500]!r}")
        return at - self.handed_over[request_id], at, json.loads(body)

    def close(self):
        self.events.put(None)
        self.server.shutdown()
        self.server.server_close()


class Instance:
    """One cold-started function: a JVM as the java21 runtime starts it, with template.yaml's environment."""

    def __init__(self, task, classpath, env, log_path, extra_flags=(), native=False):
        self.api = RuntimeApi()
        self.log = open(log_path, "ab")
        self.spawned = time.perf_counter()
        # A native function is started as provided.al2023 starts bootstrap: the executable polls the Runtime API
        # itself. Its heap is sized from the function's memory as the JVM's is (Quarkus's bootstrap passes -Xmx
        # only when told to; -Xmx here matches JAVA_FLAGS' MaxHeapSize).
        command = ([str(task / "executable"), "-Xmx445645k", *extra_flags] if native else
                   ["java", *JAVA_FLAGS, *extra_flags, "-cp", classpath, "MiniRuntime", str(task), HANDLER])
        self.process = subprocess.Popen(command,
                                        env={**base_env(), **env, "AWS_LAMBDA_RUNTIME_API": f"127.0.0.1:{RUNTIME_PORT}"},
                                        stdout=self.log, stderr=subprocess.STDOUT, cwd=task)

    def invoke(self, event):
        return self.api.invoke(event)

    def rss_mib(self):
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return None

    def stop(self):
        self.process.kill()
        self.process.wait()
        self.api.close()
        self.log.close()


def base_env():
    keep = {k: os.environ[k] for k in ("PATH", "JAVA_HOME", "LANG") if k in os.environ}
    return {**keep, "AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-1", "AWS_LAMBDA_FUNCTION_NAME": "bench",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "512", "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench",
            "TZ": ":UTC"}


# --- events and tokens ----------------------------------------------------------------------------------

def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def make_keys():
    keys = WORK / "keys"
    keys.mkdir(parents=True, exist_ok=True)
    if not (keys / "private.pem").exists():
        run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out",
             str(keys / "private.pem")], stderr=subprocess.DEVNULL)
        run(["openssl", "pkey", "-in", str(keys / "private.pem"), "-pubout", "-out", str(keys / "public.pem")])
    return keys


def tokens(keys, subjects):
    """RS256 JWTs for the given subjects, signed up front so signing never counts."""
    try:
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import padding
        key = serialization.load_pem_private_key((keys / "private.pem").read_bytes(), None)
        sign = lambda data: key.sign(data, padding.PKCS1v15(), hashes.SHA256())
    except ImportError:
        sign = lambda data: run(["openssl", "dgst", "-sha256", "-sign", str(keys / "private.pem")], input=data,
                                capture_output=True).stdout
    now = int(time.time())
    out = []
    for subject in subjects:
        header = b64url(json.dumps({"alg": "RS256", "typ": "JWT"}).encode())
        claims = b64url(json.dumps({"iss": ISSUER, "sub": subject, "iat": now, "exp": now + 7200,
                                    "upn": subject}).encode())
        signing_input = f"{header}.{claims}".encode()
        out.append(f"{header}.{claims}.{b64url(sign(signing_input))}")
    return out


def http_event(method, path, route_key, token=None, body=None, path_parameters=None):
    event = json.loads((ROOT / "infra" / "events" / "http-get-products.json").read_text())
    event.update({"routeKey": route_key, "rawPath": path, "body": body, "isBase64Encoded": False})
    event["requestContext"].update({"routeKey": route_key, "requestId": str(uuid.uuid4())})
    event["requestContext"]["http"].update({"method": method, "path": path})
    if token:
        event["headers"]["authorization"] = "Bearer " + token
    if body is not None:
        event["headers"]["content-type"] = "application/json"
    if path_parameters:
        event["pathParameters"] = path_parameters
    return event


# --- the measurement ------------------------------------------------------------------------------------

def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cold", type=int, default=7, help="cold starts per function (interleaved)")
    parser.add_argument("--warm", type=int, default=2000, help="warm calls per function after the last cold start")
    parser.add_argument("--no-build", action="store_true", help="use the zips already in target/")
    parser.add_argument("--functions", default="bare,catalog-list,order-get,my-products,order-create")
    parser.add_argument("--label", default="", help="free text stored with the results")
    parser.add_argument("--before", help="an older function.zip to measure in the same run (rows 'before:<name>')")
    parser.add_argument("--native", help="a native function.zip (or executable) from infra/native: rows "
                        "'native:<name>' in the same rounds")
    parser.add_argument("--native-smoke", metavar="NATIVE", help="CI: catalog-list, order-get, order-create and "
                        "subscription-get once each from this native function.zip (db-migrate from the JVM build "
                        "in target/function.zip); fails on an error answer")
    parser.add_argument("--smoke", action="store_true", help="only run db-migrate, catalog-list and order-create "
                        "once each from target/function.zip (no bare app, no timings); fails on an error answer or "
                        "when the HTTP router's classes are loaded")
    args = parser.parse_args()

    WORK.mkdir(parents=True, exist_ok=True)
    if args.native_smoke:
        args.smoke, args.native, args.no_build = True, args.native_smoke, True
    tasks, sizes, classpath = build(args.no_build, args.before, args.smoke, args.native)
    keys = make_keys()
    start_postgres()
    paypal = QuietServer(("127.0.0.1", PAYPAL_PORT), FakePaypal)
    threading.Thread(target=paypal.serve_forever, daemon=True).start()
    app_env = {
        "QUARKUS_HTTP_HOST_ENABLED": "false", "DISABLE_SIGNAL_HANDLERS": "true",
        "DATABASE_URL": f"postgresql://127.0.0.1:{PG_PORT}/pagos", "DATABASE_USER": "postgres",
        "DATABASE_PASSWORD": DB_PASSWORD,
        "MP_JWT_VERIFY_PUBLICKEY_LOCATION": str(keys / "public.pem"), "MP_JWT_VERIFY_ISSUER": ISSUER,
        "PAYPAL_MODE": "sandbox", "PAGOS_PAYPAL_API_BASE": f"http://127.0.0.1:{PAYPAL_PORT}",
        "PAYPAL_CLIENT_ID": "bench-client", "PAYPAL_CLIENT_SECRET": "bench-secret", "PAYPAL_WEBHOOK_ID": "WH-BENCH",
        "PAGOS_PUBLIC_BASE_URL": "https://shop.example.com",
        "PUSH_ENDPOINT": "https://abc123defg.execute-api.us-east-1.amazonaws.com/prod", "DATABASE_POOL_SIZE": "2",
    }
    log_path = WORK / "functions.log"
    log_path.unlink(missing_ok=True)

    def start(name, flags=()):
        if name == "bare":
            return Instance(tasks["bare"], classpath, {"QUARKUS_LAMBDA_HANDLER": "bare"}, log_path, flags)
        app, _, handler = name.rpartition(":")
        return Instance(tasks[app or "pagos"], classpath, {**app_env, "QUARKUS_LAMBDA_HANDLER": handler}, log_path,
                        flags, native=app == "native")

    try:
        log("db-migrate:", once(start, "db-migrate", {}))
        seed = ROOT / "src" / "main" / "resources" / "db" / "local-seed" / "V1000__sample_catalog.sql"
        psql(seed.read_text())

        functions = args.functions.split(",")
        if args.before:
            functions += ["before:" + name for name in functions if name != "bare"]
        if args.native:
            functions += ["native:" + name for name in args.functions.split(",") if name != "bare"]
        # A new buyer per order (an open order of the same buyer and product would be returned, not created);
        # signed when the event is built, before it is timed.
        buyer_tokens = (tokens(keys, [f"bench-buyer-{i}"])[0] for i in itertools.count())
        owner_token = tokens(keys, ["bench-owner"])[0]
        known_order = {}

        def event_for(name):
            name = name.rpartition(":")[2]
            if name == "bare" or name == "catalog-list":
                return http_event("GET", "/products", "GET /products")
            if name == "order-create":
                return http_event("POST", "/orders", "POST /orders", next(buyer_tokens),
                                  json.dumps({"productId": "skyblock-odyssey", "provider": "paypal"}))
            if name == "order-get":
                return http_event("GET", f"/orders/{known_order['id']}", "GET /orders/{orderId}", owner_token,
                                  path_parameters={"orderId": known_order["id"]})
            if name == "my-products":
                return http_event("GET", "/me/products", "GET /me/products", owner_token)
            if name == "subscription-get":
                return http_event("GET", f"/subscriptions/{SUBSCRIPTION_WORKSPACE}", "GET /subscriptions/{workspaceId}",
                                  owner_token, path_parameters={"workspaceId": SUBSCRIPTION_WORKSPACE})
            raise ValueError(name)

        # The order that order-get reads, placed by its owner through the real function.
        answer = once(start, "order-create", http_event("POST", "/orders", "POST /orders", owner_token, json.dumps(
            {"productId": "skyblock-odyssey", "provider": "paypal"})))
        known_order["id"] = json.loads(answer["body"])["orderId"]
        if any(f.rpartition(":")[2] == "subscription-get" for f in functions) or args.native_smoke:
            seed_subscription()
        if args.native_smoke:
            native_smoke(start, event_for)
            return
        if args.smoke:
            smoke(start, event_for, answer)
            return

        results = {name: {"init": [], "first": [], "invoke": []} for name in functions}
        for round_no in range(args.cold):
            for name in functions:
                instance = start(name)
                try:
                    invoke_s, at, answer = instance.invoke(event_for(name))
                    if answer.get("statusCode", 200) >= 400:
                        raise RuntimeError(f"{name} answered {answer}")
                    results[name]["init"].append((instance.api.first_next - instance.spawned) * 1000)
                    results[name]["first"].append((at - instance.spawned) * 1000)
                    results[name]["invoke"].append(invoke_s * 1000)
                    if round_no == args.cold - 1:
                        warm(instance, name, event_for, args.warm, results[name])
                finally:
                    instance.stop()
                log(f"round {round_no + 1} {name}: first response {results[name]['first'][-1]:.0f} ms")

        # Timings first: the class counts below are one more cold start each, and must not cost the run.
        (WORK / "results.json").write_text(json.dumps(summarize(results, sizes, args), indent=2))
        for name in functions:
            if not name.startswith("native:"):
                results[name]["classes"] = loaded_classes(start, name, event_for(name))
    finally:
        paypal.shutdown()
        stop_postgres()

    summary = summarize(results, sizes, args)
    (WORK / "results.json").write_text(json.dumps(summary, indent=2))
    print_table(summary)


SUBSCRIPTION_WORKSPACE = "9001"


def seed_subscription():
    """An ACTIVE subscription of bench-owner's workspace, for subscription-get (a read; written directly)."""
    psql(f"""
        INSERT INTO workspaces (id, owner_id, created_at) VALUES ('{SUBSCRIPTION_WORKSPACE}', 'bench-owner', now())
            ON CONFLICT DO NOTHING;
        INSERT INTO subscriptions (id, workspace_id, owner_id, status, provider, selection, billing_period,
            price_usd_minor, price_cop_minor, exchange_rate, exchange_rate_origin, workspace_name, email, phone,
            provider_data, anchor_at, periods_paid, current_period_start, current_period_end, next_action_at,
            created_at, updated_at)
        SELECT gen_random_uuid(), '{SUBSCRIPTION_WORKSPACE}', 'bench-owner', 'ACTIVE', 'wompi',
            '{{"plan":"business","freeAssistant":1,"paidAssistants":[2],"addons":[]}}', 'MONTHLY', 18700, 74800000,
            4000, 'SOURCE', 'Bench', 'owner@example.com', '+57 300 000 0000', '{{"cardLastFour":"4242"}}', now(), 1,
            now(), now() + interval '1 month', now() + interval '1 month', now(), now()
        WHERE NOT EXISTS (SELECT 1 FROM subscriptions WHERE workspace_id = '{SUBSCRIPTION_WORKSPACE}')""")


def native_smoke(start, event_for):
    """CI: the native executable's functions once each against the database db-migrate (JVM) made."""
    for name in ("catalog-list", "order-get", "order-create", "subscription-get"):
        answer = once(start, "native:" + name, event_for(name))
        if answer.get("statusCode", 200) >= 400:
            raise RuntimeError(f"native {name} answered {answer}")
        print(f"native smoke: {name} answered {answer.get('statusCode', 200)}")


def smoke(start, event_for, created):
    """db-migrate and order-create have run (main); catalog-list once more, with its classes logged."""
    if created.get("statusCode", 200) >= 400:
        raise RuntimeError(f"order-create answered {created}")
    out = WORK / "classes-catalog-list.txt"
    out.unlink(missing_ok=True)
    answer = once(start, "catalog-list", event_for("catalog-list"), [f"-Xlog:class+load=info:file={out}"])
    products = json.loads(answer["body"]) if answer.get("statusCode", 200) < 400 else None
    if not products:
        raise RuntimeError(f"catalog-list answered {answer}")
    router = [line for line in open(out) if "io.quarkus.vertx.http" in line or "io.vertx.ext.web" in line]
    if router:
        raise RuntimeError(f"catalog-list loaded {len(router)} HTTP router classes, e.g. {router[0].strip()}")
    print(f"smoke: db-migrate, order-create ({created['statusCode']}) and catalog-list "
          f"({answer.get('statusCode', 200)}, {sum(1 for _ in open(out))} classes, none of the HTTP router) passed")


def once(start, name, event, flags=()):
    instance = start(name, flags)
    try:
        return instance.invoke(event)[2]
    finally:
        instance.stop()


def warm(instance, name, event_for, calls, into):
    events = [event_for(name) for _ in range(calls + 100)]
    FakePaypal.handling.clear()
    for event in events[:100]:
        instance.invoke(event)
    FakePaypal.handling.clear()
    latencies = []
    for event in events[100:]:
        latencies.append(instance.invoke(event)[0] * 1000)
    into["warm"] = latencies
    into["provider"] = [s * 1000 for s in FakePaypal.handling]
    into["rss_mib"] = instance.rss_mib()
    psql("SELECT pg_stat_statements_reset()")
    instance.invoke(event_for(name))
    into["sql"] = statements_since_reset()
    into["sql_statements"] = psql("SELECT calls || ' x ' || regexp_replace(query, '\\s+', ' ', 'g') FROM pg_stat_statements "
                                  "WHERE query NOT ILIKE '%pg_stat_statements%' ORDER BY calls DESC").splitlines()


def loaded_classes(start, name, event):
    """Classes the JVM loaded by the first answer (one extra cold start with -Xlog:class+load)."""
    out = WORK / f"classes-{name.replace(':', '-')}.txt"  # -Xlog reads a colon as a separator
    out.unlink(missing_ok=True)
    instance = start(name, [f"-Xlog:class+load=info:file={out}"])
    try:
        instance.invoke(event)
    finally:
        instance.stop()
    return sum(1 for _ in open(out))


def summarize(results, sizes, args):
    bare = results.get("bare")
    out = {"date": time.strftime("%Y-%m-%d %H:%M %Z"), "machine": f"{platform.node()} {os.cpu_count()} cores, "
           f"{platform.platform()}, load {os.getloadavg()[0]:.2f}", "java": subprocess.run(
               ["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0],
           "label": args.label, "cold_starts": args.cold, "warm_calls": args.warm, "sizes": sizes, "functions": {}}
    for name, r in results.items():
        row = {k: statistics.median(r[k]) for k in ("init", "first", "invoke")}
        if "warm" in r:
            row.update(p50=percentile(r["warm"], 50), p99=percentile(r["warm"], 99), rss_mib=r["rss_mib"], sql=r["sql"])
            if r["provider"]:
                row["provider_p50"] = percentile(r["provider"], 50)
            row["sql_statements"] = r.get("sql_statements", [])
        row["classes"] = r.get("classes")
        if bare and name != "bare":
            row["first_x"] = row["first"] / statistics.median(bare["first"])
            row["init_x"] = row["init"] / statistics.median(bare["init"])
            if "p50" in row:
                row["p50_x"] = row["p50"] / percentile(bare["warm"], 50)
        out["functions"][name] = row
    return out


def print_table(s):
    print(f"\n{s['date']} | {s['machine']} | {s['java']} | {s['cold_starts']} cold starts, {s['warm_calls']} warm calls"
          f" | {s['label']}")
    print("| function | init ms | first response ms | x bare | first invoke ms | warm p50 ms | x bare | p99 ms "
          "| RSS MiB | SQL/call | classes |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name, r in s["functions"].items():
        f = lambda k, fmt="{:.0f}": fmt.format(r[k]) if r.get(k) is not None else ""
        print(f"| {name} | {f('init')} | {f('first')} | {f('first_x', '{:.2f}x')} | {f('invoke')} | "
              f"{f('p50', '{:.2f}')} | {f('p50_x', '{:.2f}x')} | {f('p99', '{:.2f}')} | {f('rss_mib')} | "
              f"{f('sql')} | {f('classes')} |")
        if r.get("provider_p50") is not None:
            print(f"|  (fake PayPal's own time p50 {r['provider_p50']:.2f} ms) |||||||||||")
    print("artifacts: " + ", ".join(f"{k} {v / 1e6:.1f} MB" for k, v in s["sizes"].items()))


if __name__ == "__main__":
    main()
