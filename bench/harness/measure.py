"""One benchmark case: probe the endpoint, warm up until throughput stops rising, repeat closed-loop runs (wrk)
reading the server's CPU time and counters around each (CPU µs, bytes and store operations per request), then
open-loop runs at fractions of the measured maximum. Any non-2xx answer or socket error fails the run, naming the case."""
import os
import statistics

from .common import counters, cpu_seconds, fail, log, request, session_cookie
from .load import loadgen, wrk

# Expected store operations per request (reads, writes, deletes) where the issue fixes them.
EXPECTED_OPS = {"E1": (0, 0, 0), "E2": (1, 0, 0), "E3": (1, 1, 0), "E5": (1, 0, 1)}
PATHS = {"E0": "/bench/e0", "E1": "/bench/e1", "E2": "/api/test1", "E3": "/bench/e3", "E4": "/api/login",
         "E5": "/api/logout"}
MODES = {
    # warmup "auto": until throughput stops rising (see warm_up); a number: that many seconds, fixed.
    "full": {"warmup": "auto", "duration": "10", "reps": "3", "open_duration": "10", "fractions": [0.5, 0.8],
             "loadgen_warmup": 2},
    "quick": {"warmup": "2", "duration": "3", "reps": "2", "open_duration": "3", "fractions": [0.5, 0.8],
              "loadgen_warmup": 2},
    "smoke": {"warmup": "2", "duration": "2", "reps": "1", "open_duration": "1", "fractions": [0.5],
              "loadgen_warmup": 0},
}


class Settings:
    def __init__(self, mode):
        env = os.environ.get
        defaults = MODES[mode]
        self.mode = mode
        self.quick = mode != "full"
        warmup = env("WARMUP", defaults["warmup"])
        self.warmup = None if warmup == "auto" else float(warmup)
        # Tiered JIT on one core keeps optimising for ~90 s of load: warm in windows until the last few agree.
        self.warmup_window = float(env("WARMUP_WINDOW", "5"))
        self.warmup_stable = int(env("WARMUP_STABLE", "3"))
        self.warmup_tolerance = float(env("WARMUP_TOLERANCE", "0.02"))
        self.warmup_min = float(env("WARMUP_MIN", "20"))
        self.warmup_max = float(env("WARMUP_MAX", "120"))
        # A fresh process's first case: its windows can agree on a plateau before tiered JIT's next step (E0 came out at
        # 34.9k req/s after 20 s, below E1 with sessions on, a case that ran later on a warmer process).
        self.warmup_first = float(env("WARMUP_FIRST", "90"))
        self.duration = float(env("DURATION", defaults["duration"]))
        self.reps = int(env("REPS", defaults["reps"]))
        self.open_duration = float(env("OPEN_DURATION", defaults["open_duration"]))
        self.connections = int(env("CONNECTIONS", "32"))
        self.open_fractions = defaults["fractions"]
        self.loadgen_warmup = defaults["loadgen_warmup"]
        self.loadgen_max = int(env("LOADGEN_MAX", "12000"))

    def describe_warmup(self):
        if self.warmup is not None:
            return "fixed %g s per case" % self.warmup
        return ("per case until %d successive %g s windows agree within %g%% (at least %g s, %g s on a fresh "
                "process's first case; at most %g s)"
                % (self.warmup_stable, self.warmup_window, self.warmup_tolerance * 100, self.warmup_min,
                   max(self.warmup_min, self.warmup_first), self.warmup_max))


def probe(port, endpoint, cookie=None):
    """The endpoint answers what it should before it is measured (and E1 sets no cookie)."""
    headers = {"Cookie": "sessionid=" + cookie} if cookie else {}
    status, response_headers, body = request(port, "GET", PATHS[endpoint], headers=headers)
    expected = {"E0": "ok", "E1": "anonymous", "E2": "test1 ok"}.get(endpoint)
    if status != 200 or (expected and body.strip() != expected) or (endpoint == "E3" and not body.strip().isdigit()):
        fail("%s on port %d answered %d %r" % (endpoint, port, status, body[:200]))
    if endpoint == "E1" and session_cookie(response_headers):
        fail("E1 (anonymous) set a session cookie")


def check_ops(case, endpoint, before, after, requests, slack, ops=None):
    """Fails the run when the store round trips per request differ from the issue's invariants (or from ops, a case's
    own: none at all for the floor, which runs without sessions)."""
    expected_ops = ops or EXPECTED_OPS.get(endpoint)
    if expected_ops is None or "reads" not in (after or {}):
        return
    for name, expected in zip(("reads", "writes", "deletes"), expected_ops):
        got = after[name] - before[name]
        # Requests in flight when wrk stops reach the server but are not in wrk's count, and on a slow (cold, busy)
        # server those of the run before may still be landing after the first reading: allow that many, both ways.
        if abs(got - expected * requests) > (slack if expected else 0):
            fail("%s %s: %d store %s for %d requests (expected %s per request)" % (case, endpoint, got, name,
                                                                                    requests, expected))


def key_count(args):
    with open(args[0]) as f:
        return sum(1 for line in f if line.strip())


def closed_run(cfg, case, server, endpoint, seconds, connections, script, headers, key_files, threads, warming=False,
               ops=None):
    """One wrk run with the server's CPU time and counters read around it; fails on any error answer, and on no
    answer at all unless warming (a cold path on a busy core may not finish its first requests within a short run)."""
    args = key_files() if key_files else ()
    before, cpu_before = counters(server.port), cpu_seconds(server.proc)
    run = wrk(server.port, PATHS[endpoint], seconds, connections, script, headers, args, threads)
    cpu_after, after = cpu_seconds(server.proc), counters(server.port)
    # E5 only: once its keys run out, the requests still in flight reuse the last key (already logged out).
    allowed = connections if endpoint == "E5" and run["requests"] >= key_count(args) else 0
    if run["socket_errors"] or run["non2xx"] > allowed or (run["requests"] == 0 and not warming):
        fail("%s %s: %d socket errors, %d non-2xx of %d requests" % (case, endpoint, run["socket_errors"],
                                                                    run["non2xx"], run["requests"]))
    if run["requests"] == 0:
        return run
    check_ops(case, endpoint, before, after, run["requests"], 2 * connections + 2, ops)
    run["cpu_us_per_request"] = (cpu_after - cpu_before) * 1e6 / run["requests"]
    if before and after:
        run["per_request"] = {k: (after[k] - before[k]) / run["requests"]
                              for k in ("reads", "writes", "deletes", "allocated_bytes") if k in after and k in before}
        if "allocated_bytes" in run["per_request"]:
            run["bytes_per_request"] = run["per_request"]["allocated_bytes"]
    return run


def warm_up(cfg, case, run, first=False):
    """Closed-loop load until throughput stops rising: the last WARMUP_STABLE windows within WARMUP_TOLERANCE of
    each other (and WARMUP_MIN s done, WARMUP_FIRST s on a server's first case), or WARMUP_MAX s. Returns what was
    done, for the results."""
    if cfg.warmup is not None:
        return {"seconds": cfg.warmup, "rps": [round(run(cfg.warmup)["rps"])]}
    series, elapsed = [], 0.0
    while True:
        series.append(run(cfg.warmup_window)["rps"])
        elapsed += cfg.warmup_window
        last = series[-cfg.warmup_stable:]
        stable = len(last) == cfg.warmup_stable and max(last) <= min(last) * (1 + cfg.warmup_tolerance)
        shortest = max(cfg.warmup_min, cfg.warmup_first) if first else cfg.warmup_min
        if (stable and elapsed >= shortest) or elapsed >= max(cfg.warmup_max, shortest):
            return {"seconds": elapsed, "rps": [round(r) for r in series], "stable": stable}


def spread(values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def summarize(reps):
    return {
        "reps": reps,
        "rps_median": statistics.median(r["rps"] for r in reps), "rps_min": min(r["rps"] for r in reps),
        "rps_max": max(r["rps"] for r in reps),
        "p50_ms_median": statistics.median(r["p50_ms"] for r in reps),
        "p99_ms_median": statistics.median(r["p99_ms"] for r in reps),
        "cpu_us_per_request": spread([r["cpu_us_per_request"] for r in reps]),
        "bytes_per_request": spread([r.get("bytes_per_request") for r in reps]),
    }


def paired(reps, bracket):
    """The case against E0 measured around each of its repetitions (E0, case, E0, case, ... E0), each repetition
    against the mean of the two E0 runs beside it: this machine's speed drifts 15-20% within an hour, which shifts
    an E0 measured once, minutes earlier, but barely the E0 of the minute before and after."""
    def around(key):
        return [(bracket[i][key] + bracket[i + 1][key]) / 2 for i in range(len(reps))]
    return {
        "e0_rps": spread([b["rps"] for b in bracket]),
        "e0_cpu_us_per_request": spread([b["cpu_us_per_request"] for b in bracket]),
        "rps_ratio": spread([r["rps"] / e for r, e in zip(reps, around("rps"))]),
        # E0's CPU per request over the case's: the same ratio read from the server's own clock.
        "cpu_ratio": spread([e / r["cpu_us_per_request"] for r, e in zip(reps, around("cpu_us_per_request"))]),
    }


def measure(cfg, case, server, endpoint, cookie=None, script="get.lua", open_loop=True, connections=None,
            key_files=None, sessions=None, fixed_warmup=False, shortest=0, ops=None, reference=None):
    """key_files: a callable giving a fresh keys file per run (E5), passed to the Lua script. sessions: a callable
    giving a file of `connections` logged-in session keys per run (E3): one session per connection. shortest: the
    fewest seconds a run may last (a BCrypt-12 login takes longer than a smoke run on a busy core). reference: a
    callable running E0 for so many seconds on its own warm server, run before and after each repetition (see
    paired)."""
    connections = connections or cfg.connections
    headers = ["Cookie: sessionid=" + cookie] if cookie else []
    threads = 1
    if sessions:
        key_files, script, threads = sessions, "sessions.lua", connections
    if endpoint in ("E0", "E1", "E2", "E3"):
        probe(server.port, endpoint, cookie if not sessions else open(sessions()[0]).readline().strip())

    def run(seconds, warming=True):
        return closed_run(cfg, case, server, endpoint, seconds, connections, script, headers, key_files, threads,
                          warming, ops)

    if fixed_warmup and cfg.warmup is None:
        # E5 consumes a file of fresh sessions per run: one window, not a series of them.
        warm = {"seconds": cfg.warmup_window, "rps": [round(run(cfg.warmup_window)["rps"])]}
    else:
        warm = warm_up(cfg, case, run, first=not getattr(server, "warmed", False))
    server.warmed = True
    seconds = max(cfg.duration, shortest)
    reps, bracket = [], []
    for _ in range(cfg.reps):
        if reference:
            bracket.append(reference(seconds))
        reps.append(run(seconds, warming=False))
    result = {"warmup": warm, "closed": summarize(reps)}
    if reference:
        bracket.append(reference(seconds))
        result["vs_e0"] = paired(reps, bracket)
    with_ops = [r["per_request"] for r in reps if "per_request" in r]
    if with_ops:
        result["per_request"] = {k: statistics.median(o[k] for o in with_ops) for k in with_ops[0]}
    # One core of C# HttpClient sends ~10-15k requests/s: above that the generator, not the server, sets the latency.
    if open_loop and result["closed"]["rps_median"] * max(cfg.open_fractions) > cfg.loadgen_max:
        result["open_skipped"] = "%d%% of %.0f req/s is beyond the open-loop generator's %d req/s" % (
            round(max(cfg.open_fractions) * 100), result["closed"]["rps_median"], cfg.loadgen_max)
        open_loop = False
    if open_loop:
        result["open"] = {}
        for fraction in cfg.open_fractions:
            rate = result["closed"]["rps_median"] * fraction
            keys = sessions()[0] if sessions else None
            run_open = loadgen(server.port, PATHS[endpoint], rate, cfg.open_duration, connections, headers,
                               warmup=cfg.loadgen_warmup, session_keys=keys)
            if run_open["errors"]:
                fail("%s %s open loop at %.0f req/s: %d errors or non-2xx of %d requests" % (
                    case, endpoint, rate, run_open["errors"], run_open["requests"]))
            result["open"]["%d" % round(fraction * 100)] = run_open
    closed = result["closed"]
    line = "%-24s %-3s %8.0f req/s (%.0f-%.0f)" % (case, endpoint, closed["rps_median"], closed["rps_min"],
                                                   closed["rps_max"])
    line += "  %6.1f us CPU/req" % closed["cpu_us_per_request"]["median"]
    if closed["bytes_per_request"]:
        line += "  %7.0f B/req" % closed["bytes_per_request"]["median"]
    if "per_request" in result and "reads" in result["per_request"]:
        p = result["per_request"]
        line += "  ops r/w/d %.2f/%.2f/%.2f" % (p["reads"], p["writes"], p["deletes"])
    if open_loop:
        top = "%d" % round(max(cfg.open_fractions) * 100)
        line += "  p99@%s%% %.2f ms" % (top, result["open"][top]["p99_ms"])
    if reference:
        line += "  %.2f of E0 around it" % result["vs_e0"]["rps_ratio"]["median"]
    line += "  (warm-up %g s)" % warm["seconds"]
    log(line)
    return result
