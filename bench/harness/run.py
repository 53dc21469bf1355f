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

from .app import e3_sessions, run_app
from .common import BENCH, BenchFailure, log, login, stop, stop_all, wanted, wanted_endpoint
from .measure import Settings, measure
from .stacks import start_aspnet_baseline, start_django, start_redis

ASPNET_STORES = ["memory", "redis"]
DJANGO_ENGINES = ["db", "cache", "signed_cookies"]


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
