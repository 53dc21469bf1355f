"""One benchmark case: probe the endpoint, warm up, repeat closed-loop runs (wrk) reading the app's counters around
each, assert the per-request store operations, then open-loop runs at 50% and 80% of the measured maximum."""
import os
import re
import statistics
import tempfile

from .common import counters, fail, log, request, session_cookie
from .load import loadgen, wrk

# Expected store operations per request (reads, writes, deletes) where the issue fixes them.
EXPECTED_OPS = {"E1": (0, 0, 0), "E2": (1, 0, 0), "E3": (1, 1, 0), "E5": (1, 0, 1)}
PATHS = {"E0": "/bench/e0", "E1": "/bench/e1", "E2": "/api/test1", "E3": "/bench/e3", "E4": "/api/login",
         "E5": "/api/logout"}


class Settings:
    def __init__(self, quick):
        env = os.environ.get
        self.quick = quick
        self.warmup = float(env("WARMUP", "2" if quick else "3"))
        self.duration = float(env("DURATION", "3" if quick else "8"))
        self.reps = int(env("REPS", "2" if quick else "3"))
        self.open_duration = float(env("OPEN_DURATION", "3" if quick else "8"))
        self.connections = int(env("CONNECTIONS", "32"))
        self.open_fractions = [0.5, 0.8]
        self.loadgen_max = int(env("LOADGEN_MAX", "12000"))


def probe(port, endpoint, cookie=None):
    """The endpoint answers what it should before it is measured (and E1 sets no cookie)."""
    headers = {"Cookie": "sessionid=" + cookie} if cookie else {}
    status, response_headers, body = request(port, "GET", PATHS[endpoint], headers=headers)
    expected = {"E0": "ok", "E1": "anonymous", "E2": "test1 ok"}.get(endpoint)
    if status != 200 or (expected and body.strip() != expected) or (endpoint == "E3" and not body.strip().isdigit()):
        fail("%s on port %d answered %d %r" % (endpoint, port, status, body[:200]))
    if endpoint == "E1" and session_cookie(response_headers):
        fail("E1 (anonymous) set a session cookie")


def per_request(before, after, requests):
    if not before or not after or requests == 0:
        return None
    return {k: (after[k] - before[k]) / requests for k in ("reads", "writes", "deletes", "allocated_bytes")
            if k in after and k in before}


def check_ops(case, endpoint, before, after, requests, slack):
    """Fails the run when the store round trips per request differ from the issue's invariants."""
    if endpoint not in EXPECTED_OPS or "reads" not in (after or {}):
        return
    for name, expected in zip(("reads", "writes", "deletes"), EXPECTED_OPS[endpoint]):
        got = after[name] - before[name]
        # Requests in flight when wrk stops reach the server but are not in wrk's count: allow that many.
        if abs(got - expected * requests) > (slack if expected else 0):
            fail("%s %s: %d store %s for %d requests (expected %s per request)" % (case, endpoint, got, name,
                                                                                    requests, expected))


def summarize(reps):
    rps = [r["rps"] for r in reps]
    return {
        "reps": reps,
        "rps_median": statistics.median(rps), "rps_min": min(rps), "rps_max": max(rps),
        "p50_ms_median": statistics.median(r["p50_ms"] for r in reps),
        "p99_ms_median": statistics.median(r["p99_ms"] for r in reps),
    }


def measure(cfg, case, server, endpoint, cookie=None, script="get.lua", open_loop=True, connections=None,
            key_files=None, has_counters=True):
    """key_files: a callable giving a fresh keys file per run (E5), passed to the Lua script."""
    connections = connections or cfg.connections
    headers = ["Cookie: sessionid=" + cookie] if cookie else []
    path = PATHS[endpoint]
    if endpoint in ("E0", "E1", "E2", "E3"):
        probe(server.port, endpoint, cookie)
    args = key_files() if key_files else ()
    wrk(server.port, path, cfg.warmup, connections, script, headers, args)
    reps, ops = [], []
    for _ in range(cfg.reps):
        args = key_files() if key_files else ()
        before = counters(server.port) if has_counters else None
        run = wrk(server.port, path, cfg.duration, connections, script, headers, args)
        after = counters(server.port) if has_counters else None
        allowed_status = connections if endpoint == "E5" else 0
        if run["socket_errors"] or run["non2xx"] > allowed_status or run["requests"] == 0:
            fail("%s %s: %d socket errors, %d non-2xx of %d requests" % (case, endpoint, run["socket_errors"],
                                                                        run["non2xx"], run["requests"]))
        check_ops(case, endpoint, before, after, run["requests"], connections + 2)
        reps.append(run)
        ops.append(per_request(before, after, run["requests"]))
    result = {"closed": summarize(reps)}
    if ops and ops[0]:
        result["per_request"] = {k: statistics.median(o[k] for o in ops) for k in ops[0]}
    # One core of C# HttpClient sends ~10-15k requests/s: above that the generator, not the server, sets the latency.
    if open_loop and result["closed"]["rps_median"] * max(cfg.open_fractions) > cfg.loadgen_max:
        result["open_skipped"] = "80%% of %.0f req/s is beyond the open-loop generator's %d req/s" % (
            result["closed"]["rps_median"], cfg.loadgen_max)
        open_loop = False
    if open_loop:
        result["open"] = {}
        for fraction in cfg.open_fractions:
            rate = result["closed"]["rps_median"] * fraction
            run = loadgen(server.port, path, rate, cfg.open_duration, connections, headers)
            if run["errors"]:
                fail("%s %s open loop: %d errors" % (case, endpoint, run["errors"]))
            result["open"]["%d" % round(fraction * 100)] = run
    line = "%-28s %-3s %9.0f req/s (%.0f-%.0f)" % (case, endpoint, result["closed"]["rps_median"],
                                                  result["closed"]["rps_min"], result["closed"]["rps_max"])
    if "per_request" in result:
        p = result["per_request"]
        line += "  ops r/w/d %.2f/%.2f/%.2f  %6.0f B/req" % (p.get("reads", 0), p.get("writes", 0),
                                                             p.get("deletes", 0), p["allocated_bytes"])
    if open_loop:
        line += "  p99@80%% %.2f ms" % result["open"]["80"]["p99_ms"]
    log(line)
    return result


def make_key_files(server, per_file, folder):
    """E5's fresh sessions: alice logged in `per_file` times through /bench/sessions, one key per line."""
    def make():
        status, _, body = request(server.port, "POST", "/bench/sessions?count=%d&login=alice&password=alice-password"
                                  % per_file, timeout=600)
        if status != 200:
            fail("/bench/sessions answered %d" % status)
        keys = [k for k in re.split(r"\s+", body) if k]
        handle, name = tempfile.mkstemp(suffix=".keys", dir=folder)
        with os.fdopen(handle, "w") as f:
            f.write("\n".join(keys) + "\n")
        return (name,)
    return make
