"""bench/run.sh's driver: every stack, engine and endpoint of issue 8 in one run; results to bench/results/."""
import datetime
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
import traceback

from .common import BENCH, ROOT, BenchFailure, log, login, stop, stop_all
from .measure import Settings, make_key_files, make_sessions, measure
from .stacks import postgres_settings, start_app, start_aspnet_baseline, start_django, start_postgres, start_redis

APP_ENGINES = ["db", "cache", "cached_db", "file", "signed_cookies", "redis"]
ASPNET_STORES = ["memory", "redis"]
DJANGO_ENGINES = ["db", "cache", "signed_cookies"]


def wanted(stack, engine):
    """ONLY=app:db,django,scale limits a development run to some stacks/engines."""
    only = os.environ.get("ONLY")
    if not only:
        return True
    names = [n.strip() for n in only.split(",")]
    return stack in names or "%s:%s" % (stack, engine) in names


def wanted_endpoint(endpoint):
    """ENDPOINTS=E3 (with MERGE=1) re-runs only those cases (of the app and the baselines), e.g. after a change to writes."""
    only = os.environ.get("ENDPOINTS")
    return not only or endpoint in [e.strip() for e in only.split(",")]


def machine_facts():
    def out(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip()
        except OSError:
            return ""
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "")
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "cpu": cpu, "cores": os.cpu_count(), "kernel": platform.release(),
        "dotnet": out(["dotnet", "--version"]), "wrk": out(["wrk", "-v"]).splitlines()[0] if out(["wrk", "-v"]) else "",
        "redis": out(["redis-server", "--version"]),
        "django": out(["/usr/bin/python3", "-c", "import django; print(django.get_version())"]),
        "gunicorn": out(["/usr/bin/python3", "-c", "import gunicorn; print(gunicorn.__version__)"]),
        "python": out(["/usr/bin/python3", "--version"]),
        "sqlite": out(["sqlite3", "--version"]).split(" ")[0],
    }


def run_redis_variant(cfg, tmp, redis, results, name, case, settings):
    """The redis engine under other settings, E2 and E3, as its own case `app:<name>`."""
    if not wanted("app", name):
        return
    server = start_app(tmp, "app-" + name, "redis", redis.port, bcrypt=4, settings=settings)
    if wanted_endpoint("E2"):
        results.append(dict(stack="app", engine=name, endpoint="E2", **measure(cfg, case, server, "E2", login(server.port))))
    if wanted_endpoint("E3"):
        results.append(dict(stack="app", engine=name, endpoint="E3",
                            **measure(cfg, case, server, "E3", sessions=e3_sessions(cfg, server))))
    stop(server.proc)


def run_app(cfg, tmp, redis, results):
    if wanted("app", "E0") and wanted_endpoint("E0"):
        server = start_app(tmp, "app-e0", "db", redis.port, sessions=False)
        results.append(dict(stack="app", engine="none", endpoint="E0", **measure(cfg, "app (no sessions)", server, "E0")))
        stop(server.proc)
    for engine in APP_ENGINES:
        if not wanted("app", engine):
            continue
        server = start_app(tmp, "app-" + engine, engine, redis.port, bcrypt=4)
        case = "app " + engine
        for endpoint in ("E1", "E2"):
            if wanted_endpoint(endpoint):
                cookie = login(server.port) if endpoint != "E1" else None
                results.append(dict(stack="app", engine=engine, endpoint=endpoint,
                                    **measure(cfg, case, server, endpoint, cookie)))
        if wanted_endpoint("E3"):
            results.append(dict(stack="app", engine=engine, endpoint="E3",
                                **measure(cfg, case, server, "E3", sessions=e3_sessions(cfg, server))))
        if wanted_endpoint("E4"):
            results.append(dict(stack="app", engine=engine, endpoint="E4", bcrypt=4,
                                **measure(cfg, case + " bcrypt 4", server, "E4", script="login.lua", open_loop=False)))
        if wanted_endpoint("E5"):
            e3 = next((r for r in results if r["stack"] == "app" and r["engine"] == engine and r["endpoint"] == "E3"),
                      None)
            # Enough fresh sessions for a run at E3's rate (the script stops when they run out); smoke needs few.
            fewest = 300 if cfg.mode == "smoke" else 2000
            rate = e3["closed"]["rps_median"] if e3 else 10000
            per_file = int(min(150000, max(fewest, rate * (cfg.duration + 1) * 1.3)))
            keys = make_key_files(server, per_file, server.folder)
            results.append(dict(stack="app", engine=engine, endpoint="E5",
                                **measure(cfg, case, server, "E5", script="logout.lua", open_loop=False,
                                          key_files=keys, fixed_warmup=True)))
        stop(server.proc)
    if wanted("app", "db") or wanted("app", "db-sync-full"):
        # The db engine's writes with SQLite fsyncing every commit (Database:SqliteSynchronous=Full, SQLite's own
        # default), beside the default NORMAL measured above in the same run: what WAL + NORMAL buys (docs/engines.md).
        server = start_app(tmp, "app-db-sync-full", "db", redis.port, bcrypt=4,
                           settings={"Database__SqliteSynchronous": "Full"})
        case = "app db synchronous=FULL"
        if wanted_endpoint("E3"):
            results.append(dict(stack="app", engine="db-sync-full", endpoint="E3",
                                **measure(cfg, case, server, "E3", sessions=e3_sessions(cfg, server))))
        if wanted_endpoint("E4"):
            results.append(dict(stack="app", engine="db-sync-full", endpoint="E4", bcrypt=4,
                                **measure(cfg, case + " bcrypt 4", server, "E4", script="login.lua", open_loop=False)))
        stop(server.proc)
    # The redis engine with its near cache on (Session:Redis:NearCacheSize): a read-only request is served from the
    # node's decoded copy, which Redis's client-side caching invalidates; a write drops it (docs/engines.md).
    run_redis_variant(cfg, tmp, redis, results, "redis-near", "app redis near cache",
                      {"Session__Redis__NearCacheSize": "8192"})
    # Session:Redis:PipelineReads off: each request's GET written on its own, the way StackExchange.Redis sends a
    # command, beside the default (reads of concurrent requests sent together).
    run_redis_variant(cfg, tmp, redis, results, "redis-single", "app redis reads one by one",
                      {"Session__Redis__PipelineReads": "false"})
    if wanted("app", "db-postgres"):
        # The db engine (and the catalog, users, everything) on PostgreSQL instead of the SQLite file.
        postgres = start_postgres(tmp)
        server = start_app(tmp, "app-db-postgres", "db", redis.port, bcrypt=4,
                           settings=postgres_settings(postgres, "bench_app"))
        case = "app db PostgreSQL"
        for endpoint in ("E1", "E2"):
            if wanted_endpoint(endpoint):
                cookie = login(server.port) if endpoint != "E1" else None
                results.append(dict(stack="app", engine="db-postgres", endpoint=endpoint,
                                    **measure(cfg, case, server, endpoint, cookie)))
        if wanted_endpoint("E3"):
            results.append(dict(stack="app", engine="db-postgres", endpoint="E3",
                                **measure(cfg, case, server, "E3", sessions=e3_sessions(cfg, server))))
        if wanted_endpoint("E4"):
            results.append(dict(stack="app", engine="db-postgres", endpoint="E4", bcrypt=4,
                                **measure(cfg, case + " bcrypt 4", server, "E4", script="login.lua", open_loop=False)))
        stop(server.proc)
        stop(postgres.proc)
    if wanted("app", "floor") and wanted_endpoint("E2"):
        # The floor of an authenticated request: sessions off, and the app's scheme answering any request with a
        # session cookie with a logged-in user's principal, no store and no user lookup (bench/BenchHost/
        # FixedPrincipalHandler.cs). E2 here minus E0 is ASP.NET Core's share; an engine's E2 minus this, the sessions'.
        server = start_app(tmp, "app-floor", "db", redis.port, sessions=False, settings={"BENCH_FIXED_PRINCIPAL": "1"})
        results.append(dict(stack="app", engine="floor", endpoint="E2",
                            **measure(cfg, "app floor (fixed principal, sessions off)", server, "E2", "any",
                                      ops=(0, 0, 0))))
        stop(server.proc)
    if wanted("app", "bcrypt12") and wanted_endpoint("E4"):
        server = start_app(tmp, "app-bcrypt12", "db", redis.port, bcrypt=12)
        results.append(dict(stack="app", engine="db", endpoint="E4", bcrypt=12,
                            **measure(cfg, "app db bcrypt 12", server, "E4", script="login.lua", open_loop=False,
                                      connections=2, shortest=8)))
        stop(server.proc)


def e3_sessions(cfg, server):
    return make_sessions(server, cfg.connections, server.folder)


def measure_baseline(cfg, stack, engine, server, results):
    """E0-E3 on a baseline (its /bench/counters, where it has one, gives the bytes allocated per request)."""
    case = "%s %s" % (stack, engine)
    for endpoint in ("E0", "E1", "E2"):
        if wanted_endpoint(endpoint):
            cookie = login(server.port) if endpoint == "E2" else None
            results.append(dict(stack=stack, engine=engine, endpoint=endpoint,
                                **measure(cfg, case, server, endpoint, cookie)))
    if wanted_endpoint("E3"):
        results.append(dict(stack=stack, engine=engine, endpoint="E3",
                            **measure(cfg, case, server, "E3", sessions=e3_sessions(cfg, server))))


def run_baselines(cfg, tmp, redis, results):
    for store in ASPNET_STORES:
        if not wanted("aspnet", store):
            continue
        server = start_aspnet_baseline(tmp, "aspnet-" + store, store, redis.port)
        measure_baseline(cfg, "aspnet", store, server, results)
        stop(server.proc)
    for engine in DJANGO_ENGINES:
        if not wanted("django", engine):
            continue
        server = start_django(tmp, "django-" + engine, engine, redis.port)
        measure_baseline(cfg, "django", engine, server, results)
        stop(server.proc)


def merged(path, fresh):
    """MERGE=1 with ONLY=...: the cases run now replace theirs in the existing results; the rest is kept."""
    with open(path) as f:
        old = json.load(f)
    key = lambda r: (r["stack"], r["engine"], r["endpoint"], r.get("bcrypt"))
    fresh_keys = {key(r) for r in fresh["http"]}
    old["http"] = [r for r in old["http"] if key(r) not in fresh_keys] + fresh["http"]
    for part in ("scale", "micro"):
        if fresh.get(part):
            old[part] = fresh[part]
    if fresh.get("failure"):
        old["failure"] = fresh["failure"]
    old.setdefault("reruns", []).append({"only": os.environ.get("ONLY"), "endpoints": os.environ.get("ENDPOINTS"),
                                         "date": fresh["machine"]["date"],
                                         "elapsed_seconds": fresh["elapsed_seconds"]})
    return old


def main():
    # bench/run.sh's trap sends TERM: leave through `finally`, so every server started here is stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    mode = "smoke" if os.environ.get("SMOKE") == "1" else "quick" if os.environ.get("QUICK") == "1" else "full"
    quick = mode != "full"
    cfg = Settings(mode)
    started = time.time()
    out_dir = os.path.join(BENCH, "results")
    os.makedirs(out_dir, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="bench-")
    report = {"endpoints": os.environ.get("ENDPOINTS"), "quick": quick, "mode": mode, "warmup": cfg.describe_warmup(), "machine": machine_facts(),
              "settings": vars(cfg), "only": os.environ.get("ONLY"), "http": [], "scale": None}
    name = {"full": "latest.json", "quick": "quick.json", "smoke": "smoke.json"}[mode]
    status = 0
    try:
        redis = start_redis(tmp)
        log("redis-server on 127.0.0.1:%d; %s mode; warm-up %s" % (redis.port, mode, cfg.describe_warmup()))
        run_app(cfg, tmp, redis, report["http"])
        run_baselines(cfg, tmp, redis, report["http"])
        if wanted("scale", "db"):
            from .scale import run_scale
            report["scale"] = run_scale(cfg, tmp, redis, report["http"])
        if os.environ.get("MICRO", "0" if quick else "1") == "1" and mode != "smoke" and wanted("micro", ""):
            from .micro import run_micro
            report["micro"] = run_micro(tmp, redis.port)
    except BenchFailure as ex:
        report["failure"] = str(ex)
        status = 1
    except Exception:  # noqa: BLE001 - the partial results are still written, and the failure is loud.
        report["failure"] = traceback.format_exc()
        print(report["failure"], file=sys.stderr)
        status = 1
    finally:
        stop_all()
        report["elapsed_seconds"] = round(time.time() - started)
        if os.environ.get("MERGE") == "1" and os.path.exists(os.path.join(out_dir, name)):
            report = merged(os.path.join(out_dir, name), report)
        with open(os.path.join(out_dir, name), "w") as f:
            json.dump(report, f, indent=1)
        log("results: bench/results/%s (%d s)" % (name, report["elapsed_seconds"]))
        subprocess.run(["rm", "-rf", tmp])
    if status:
        log("FAILED: " + report["failure"].splitlines()[0])
    return status


if __name__ == "__main__":
    sys.exit(main())
