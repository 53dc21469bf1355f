"""The targets table of docs/benchmarks.md: every row of issue 16's targets, measured, wanted and met or why not."""
from report_paired import paired_ratio


def find(http, stack, engine, endpoint, bcrypt=None):
    for r in http:
        if r["stack"] == stack and r["engine"] == engine and r["endpoint"] == endpoint and r.get("bcrypt") == bcrypt:
            return r
    return None


def rps(r):
    return r["closed"]["rps_median"] if r else None


def allocated(r):
    """Median bytes allocated per request over the repetitions, or None when the stack doesn't report them."""
    b = r and r["closed"].get("bytes_per_request")
    return b["median"] if b else None


def ratio_line(name, value, target, higher=True, why="", caveat=""):
    wanted = "%s%.2f" % ("≥ " if higher else "≤ ", target)
    if value is None:
        return "| %s | — | %s | not measured |" % (name, wanted)
    met = value >= target if higher else value <= target
    verdict = ("**met**" + (" — " + caveat if caveat else "")) if met else "missed" + (" — " + why if why else "")
    return "| %s | %.2f | %s | %s |" % (name, value, wanted, verdict)


def addsession_ratio(http, app_engine, aspnet_store):
    """E3 of an app engine against AddSession's on its store, for the text ("0.95"), or "not measured"."""
    a, b = rps(find(http, "app", app_engine, "E3")), rps(find(http, "aspnet", aspnet_store, "E3"))
    return "%.2f" % (a / b) if a and b else "not measured"


def floor_ratio(http):
    x = paired_ratio(find(http, "app", "floor", "E2"))
    return "%.2f" % x if x is not None else "not measured"


def session_share(http, engine, target):
    """
    Why E2 on an engine misses E0 x target, in CPU: what the floor leaves the session at the target against what it
    takes. From the paired CPU ratios (each case against the E0 run around it), in µs of the E0 around this engine's
    case, so the machine's drift between the two cases cancels.
    """
    r, floor = find(http, "app", engine, "E2"), find(http, "app", "floor", "E2")
    if not (r and floor and r.get("vs_e0") and floor.get("vs_e0")):
        return "the floor (no session) is %s of E0 around it; the rest is the session's share" % floor_ratio(http)
    e0_cpu = r["vs_e0"]["e0_cpu_us_per_request"]["median"]
    mine, floors = r["vs_e0"]["cpu_ratio"]["median"], floor["vs_e0"]["cpu_ratio"]["median"]
    left, taken = e0_cpu * (1 / target - 1 / floors), e0_cpu * (1 / mine - 1 / floors)
    return ("by CPU the floor (authenticated, no session) is %.2f of E0 around it, so %.2f leaves the session %.1f µs per "
            "request of the %.1f E0 takes; it takes %.1f" % (floors, target, left, e0_cpu, taken))


def over_floor(http, engine):
    """E2 on an engine against the floor, each against the E0 around it (so the machine's drift cancels)."""
    a, b = paired_ratio(find(http, "app", engine, "E2")), paired_ratio(find(http, "app", "floor", "E2"))
    return a / b if a and b else None


def targets_table(http, scale):
    e0 = rps(find(http, "app", "none", "E0"))
    out = ["| target | measured | wanted | verdict |", "| --- | ---: | ---: | --- |"]
    # The floor does all E0 does and more: an E0 below it was measured low, and every ratio to it reads high.
    floor = rps(find(http, "app", "floor", "E2"))
    caveat = ("but E0 came out below the floor (%.2f of it) in this run: see the text" % (e0 / floor)
              if floor and e0 and floor > e0 else "")
    for engine, target in (("cache", 0.9), ("db", 0.6), ("redis", 0.5), ("redis-near", 0.5)):
        r = find(http, "app", engine, "E2")
        name = "redis with its near cache" if engine == "redis-near" else engine
        if paired_ratio(r) is not None:
            # E0 of the same minutes (run around each repetition), so no caveat about an E0 measured earlier.
            out.append(ratio_line("E2 on %s / E0 around it" % name, paired_ratio(r), target, why=session_share(http, engine, target)))
            if engine == "cache":
                # The title: "an authenticated request within 10% of no session at all".
                out.append(ratio_line("E2 on cache / the floor (an authenticated request with no session)",
                                      over_floor(http, "cache"), target))
            continue
        e2 = rps(r)
        out.append(ratio_line("E2 on %s / E0" % name, e2 / e0 if e2 and e0 else None, target, caveat=caveat))
    for app_engine, aspnet_store in (("cache", "memory"), ("redis", "redis")):
        for e in ("E2", "E3"):
            a, b = rps(find(http, "app", app_engine, e)), rps(find(http, "aspnet", aspnet_store, e))
            out.append(ratio_line("%s %s / AddSession on %s" % (e, app_engine, aspnet_store), a / b if a and b else None, 1.0))
    # Every engine against Django: its own engine where the bench runs it, else Django's default (db) — cached_db and
    # file read the same SQLite row or file per request that Django's db engine reads.
    for app_engine, django_engine in (("db", "db"), ("cache", "cache"), ("cached_db", "db"), ("file", "db"),
                                      ("signed_cookies", "signed_cookies"), ("redis", "cache")):
        for e in ("E2", "E3"):
            a, b = rps(find(http, "app", app_engine, e)), rps(find(http, "django", django_engine, e))
            out.append(ratio_line("%s %s / Django %s" % (e, app_engine, django_engine), a / b if a and b else None, 10.0))
    e0_bytes = allocated(find(http, "app", "none", "E0"))
    for engine in ("cache", "db", "cached_db", "file", "signed_cookies", "redis", "redis-near"):
        e2_bytes = allocated(find(http, "app", engine, "E2"))
        out.append(ratio_line("E2 on %s: KB allocated above E0" % ("redis with its near cache" if engine == "redis-near" else engine),
                              (e2_bytes - e0_bytes) / 1024 if e2_bytes is not None and e0_bytes is not None else None,
                              4.0, higher=False))
    growth = scale and scale["1M"]["p50_ms"] / scale["1k"]["p50_ms"]
    out.append(ratio_line("E2 p50 at 1M / at 1k rows", growth or None, 1.25, higher=False))
    during = scale and scale["clearsessions"]["e2_during"].get("p99_ms")
    out.append(ratio_line("E2 p99 (ms) during clearsessions", during or None, 50, higher=False))
    return "\n".join(out)
