"""Scale: E2 (db engine) latency at a fixed rate with 1k and with 1M stored sessions, and clearsessions deleting the
500k expired ones of those 1M while E2 keeps running at that rate (its p99 during the purge): with the default pause
between batches (Session:CleanupBatchPause), then, on 500k fresh expired rows, with no pause (the baseline)."""
import json
import os
import statistics
import subprocess
import time

from .common import LOAD_CPU, SERVER_CPU, fail, log, login, start, stop
from .load import loadgen, loadgen_cmd, wrk
from .measure import warm_up
from .stacks import app_bin, app_env, start_app

PAYLOAD = ("eyJ1c2VyX2lkIjoxLCJ1c2VybmFtZSI6ImFsaWNlIiwidXNlcl9pbmZvIjoiKioxIGFsaWNlIGFsaWNlQGV4YW1wbGUuY29tIiwiaXNf"
           "bG9naW4iOiJ0cnVlIiwiX3Nlc3Npb25fZXhwaXJ5IjozMDB9:1tBench:bench-signature-placeholder-0123456789")


def bulk_insert(db, first, last, prefix="bench", live_odd=True):
    """Rows first..last in one transaction (sqlite3 CLI); even numbers already expired, odd ones live for years
    (all expired with live_odd=False)."""
    live = "'2999-12-31 00:00:00.000000'" if live_odd else "'2000-01-01 00:00:00.000000'"
    sql = ("PRAGMA journal_mode=WAL; BEGIN; WITH RECURSIVE c(x) AS (SELECT %d UNION ALL SELECT x + 1 FROM c WHERE x < %d) "
           "INSERT INTO django_session(session_key, session_data, expire_date) SELECT printf('%s%%027d', x), '%s', "
           "CASE WHEN x %% 2 = 0 THEN '2000-01-01 00:00:00.000000' ELSE %s END FROM c; COMMIT;"
           % (first, last, prefix, PAYLOAD, live))
    started = time.time()
    subprocess.run(["sqlite3", db], input=sql, text=True, check=True, capture_output=True)
    return time.time() - started


def count_rows(db):
    out = subprocess.run(["sqlite3", db, "SELECT count(*) FROM django_session;"], capture_output=True, text=True)
    return int(out.stdout.strip())


def e2_latency(cfg, tmp, redis, db, rate):
    server = start_app(tmp, "scale", "db", redis.port, db_path=db)
    try:
        cookie = login(server.port)
        headers = ["Cookie: sessionid=" + cookie]
        warm(cfg, server, headers)
        result = loadgen(server.port, "/api/test1", rate, cfg.open_duration * 2, cfg.connections, headers,
                         warmup=cfg.loadgen_warmup)
        if result["errors"]:
            fail("scale E2 at %d req/s: %d errors or non-2xx of %d requests" % (rate, result["errors"],
                                                                                 result["requests"]))
        result["rows"] = count_rows(db)
        return result
    finally:
        stop(server.proc)


def warm(cfg, server, headers):
    """E2 closed-loop until warm (the same rule as every other case); an error answer fails the run."""
    def run(seconds):
        result = wrk(server.port, "/api/test1", seconds, cfg.connections, headers=headers)
        if result["socket_errors"] or result["non2xx"]:
            fail("scale E2 warm-up: %d socket errors, %d non-2xx" % (result["socket_errors"], result["non2xx"]))
        return result
    return warm_up(cfg, "scale E2", run)


def window(samples, start_ms, end_ms):
    latencies = sorted(l for t, l, s in samples if start_ms <= t <= end_ms and 200 <= s < 400)
    errors = sum(1 for t, l, s in samples if start_ms <= t <= end_ms and not 200 <= s < 400)
    if not latencies:
        return {"requests": 0, "errors": errors}
    pick = lambda p: latencies[min(len(latencies) - 1, max(0, int(round(p / 100 * len(latencies) + 0.5)) - 1))]
    return {"requests": len(latencies), "errors": errors, "p50_ms": pick(50), "p99_ms": pick(99),
            "max_ms": latencies[-1], "mean_ms": statistics.mean(latencies)}


def clearsessions_under_load(cfg, tmp, redis, db, rate, pause=None):
    """pause: Session:CleanupBatchPause for the purge (None = the app's default)."""
    server = start_app(tmp, "scale", "db", redis.port, db_path=db)
    folder = server.folder
    stop_file, samples_path, out_path = (os.path.join(folder, n) for n in ("stop", "samples.csv", "loadgen.json"))
    try:
        cookie = login(server.port)
        headers = ["Cookie: sessionid=" + cookie]
        warm(cfg, server, headers)
        before_rows = count_rows(db)
        for leftover in (stop_file, samples_path, out_path):  # a purge before this one used the same folder
            if os.path.exists(leftover):
                os.remove(leftover)
        gen = subprocess.Popen(loadgen_cmd(server.port, "/api/test1", rate, 900, cfg.connections, headers,
                                           out=out_path, samples=samples_path, stop_file=stop_file,
                                           warmup=cfg.loadgen_warmup),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        settle = 1 if cfg.mode == "smoke" else 4
        time.sleep(settle)
        env = app_env(folder, server.port, "db", redis.port, db_path=db)
        if pause is not None:
            env["Session__CleanupBatchPause"] = pause
        started = time.time()
        binaries = app_bin(tmp)
        purge = start(["dotnet", os.path.join(binaries, "BlazorSessionDemo.dll"), "clearsessions"], env=env,
                      cwd=binaries, cpu=SERVER_CPU, log_path=os.path.join(folder, "clearsessions.log"))
        code = purge.wait()
        ended = time.time()
        time.sleep(settle)
        open(stop_file, "w").close()
        gen.wait(120)
        with open(out_path) as f:
            generated = json.load(f)
        with open(os.path.join(folder, "clearsessions.log")) as f:
            output = f.read().strip()
        if code != 0:
            fail("clearsessions exited %d: %s" % (code, output))
        with open(samples_path) as f:
            samples = [(float(t), float(l), int(s)) for t, l, s in (line.strip().split(",") for line in f if line.strip())]
        origin = generated["started_unix_ms"]
        during = window(samples, started * 1000 - origin, ended * 1000 - origin)
        before = window(samples, 0, started * 1000 - origin)
        failed = sum(1 for _, _, status in samples if not 200 <= status < 400)
        if failed:
            fail("scale E2 during clearsessions: %d errors or non-2xx of %d requests" % (failed, len(samples)))
        return {"rate": rate, "pause": pause, "rows_before": before_rows, "rows_after": count_rows(db), "seconds": ended - started,
                "output": output, "e2_during": during, "e2_before": before}
    finally:
        stop(server.proc)


def run_scale(cfg, tmp, redis, http_results):
    e2 = next((r for r in http_results if r["stack"] == "app" and r["engine"] == "db" and r["endpoint"] == "E2"), None)
    # Well inside the server's capacity (and the generator's): the point is latency at a steady load, not saturation.
    rate = float(os.environ.get("SCALE_RATE", 0)) or (min(2000, round(e2["closed"]["rps_median"] * 0.3)) if e2 else 1000)
    if cfg.mode == "smoke" and not os.environ.get("SCALE_RATE"):
        rate = 50  # a cold server on a busy core: the smoke proves the path, not the latency

    total = int(float(os.environ.get("SCALE_ROWS", "5000" if cfg.mode == "smoke" else "1000000")))
    small = 1000
    os.makedirs(os.path.join(tmp, "scale"), exist_ok=True)
    db = os.path.join(tmp, "scale", "scale.db")
    stop(start_app(tmp, "scale", "db", redis.port, db_path=db).proc)  # schema and users
    insert_small = bulk_insert(db, 1, small)
    result = {"rate": rate, "insert_seconds": {}}
    result["insert_seconds"]["1k"] = insert_small
    result["1k"] = e2_latency(cfg, tmp, redis, db, rate)
    log("scale: E2 at %d req/s with %d rows: p50 %.2f ms p99 %.2f ms" % (rate, result["1k"]["rows"],
                                                                          result["1k"]["p50_ms"], result["1k"]["p99_ms"]))
    result["insert_seconds"]["1M"] = bulk_insert(db, small + 1, total)
    result["1M"] = e2_latency(cfg, tmp, redis, db, rate)
    log("scale: E2 at %d req/s with %d rows: p50 %.2f ms p99 %.2f ms" % (rate, result["1M"]["rows"],
                                                                          result["1M"]["p50_ms"], result["1M"]["p99_ms"]))
    result["clearsessions"] = clearsessions_under_load(cfg, tmp, redis, db, rate)
    # The baseline in the same run: as many fresh expired rows again, purged with no pause between batches.
    expired = total // 2
    result["insert_seconds"]["unpaced"] = bulk_insert(db, 1, expired, prefix="again", live_odd=False)
    result["clearsessions_unpaced"] = clearsessions_under_load(cfg, tmp, redis, db, rate, pause="00:00:00")
    for name in ("clearsessions", "clearsessions_unpaced"):
        c = result[name]
        log("scale: %s %d -> %d rows in %.1f s; E2 p99 during %.2f ms (before %.2f ms)" % (
            name, c["rows_before"], c["rows_after"], c["seconds"], c["e2_during"].get("p99_ms", float("nan")),
            c["e2_before"].get("p99_ms", float("nan"))))
    return result
