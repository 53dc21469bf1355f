"""Turns one full run (bench/results/latest.json) into docs/benchmarks.md tables and docs/benchmarks.png.
Usage: report.py RESULTS.json OUT.md OUT.png. The prose around the tables is in bench/report_text.md."""
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from report_paired import paired_table  # noqa: E402
from report_targets import addsession_ratio, find, rps, targets_table  # noqa: E402

ENDPOINTS = ["E0", "E1", "E2", "E3", "E4", "E5"]
STACK_NAMES = {"app": "BlazorSessionDemo", "aspnet": "ASP.NET Core AddSession", "django": "Django 3.2 + gunicorn"}
ENGINE_NAMES = {("aspnet", "memory"): "DistributedMemoryCache", ("aspnet", "redis"): "StackExchangeRedis",
                ("django", "cache"): "cache (django-redis)", ("app", "none"): "sessions off",
                ("app", "db-sync-full"): "db, SQLite `synchronous=FULL`", ("app", "db-postgres"): "db, PostgreSQL",
                ("app", "redis-near"): "redis, near cache on",
                ("app", "redis-single"): "redis, reads one by one (`PipelineReads` off)",
                ("app", "floor"): "floor: sessions off, a fixed principal"}

SHORT_NAMES = {("aspnet", "memory"): "memory", ("aspnet", "redis"): "redis", ("django", "cache"): "cache (redis)",
               ("app", "db-sync-full"): "db (FULL)", ("app", "db-postgres"): "db (PostgreSQL)",
               ("app", "redis-near"): "redis (near)", ("app", "redis-single"): "redis (one by one)",
               ("app", "floor"): "floor"}


def fmt(x, digits=0):
    return "—" if x is None else ("{:,.%df}" % digits).format(x)


def rows_of(http):
    seen = []
    for r in http:
        key = (r["stack"], r["engine"])
        if key not in seen:
            seen.append(key)
    return seen


def throughput_table(http):
    out = ["| stack | engine | " + " | ".join(ENDPOINTS) + " |", "| --- | --- |" + " ---: |" * len(ENDPOINTS)]
    for stack, engine in rows_of(http):
        cells = []
        for e in ENDPOINTS:
            r = find(http, stack, engine, e, 4 if (e == "E4" and stack == "app") else None)
            cells.append("%s <small>(%s–%s)</small>" % (fmt(rps(r)), fmt(r["closed"]["rps_min"]), fmt(r["closed"]["rps_max"]))
                         if r else "—")
        out.append("| %s | %s | %s |" % (STACK_NAMES[stack], ENGINE_NAMES.get((stack, engine), engine), " | ".join(cells)))
    e4 = find(http, "app", "db", "E4", 12)
    if e4:
        out.append("")
        out.append("E4 with BCrypt at the configured factor 12 (db): %s req/s (%s–%s), p50 %s ms: the hash is the login." % (
            fmt(rps(e4), 1), fmt(e4["closed"]["rps_min"], 1), fmt(e4["closed"]["rps_max"], 1),
            fmt(e4["closed"]["p50_ms_median"], 1)))
    return "\n".join(out)


def latency_table(http):
    out = ["| stack | engine | endpoint | rate 50% (achieved) | p50 | p99 | p99.9 | rate 80% (achieved) | p50 | p99 | p99.9 |",
           "| --- | --- | --- |" + " ---: |" * 8]
    for r in http:
        if "open" not in r:
            continue
        cells = []
        for k in ("50", "80"):
            o = r["open"].get(k)
            if o is None:  # a smoke run measures one rate only
                cells += ["—"] * 4
                continue
            short = o["achieved_rate"] < 0.95 * o["target_rate"]
            cells += ["%s (%s)%s" % (fmt(o["target_rate"]), fmt(o["achieved_rate"]), " ⚠" if short else ""),
                      fmt(o["p50_ms"], 2), fmt(o["p99_ms"], 2), fmt(o["p999_ms"], 2)]
        out.append("| %s | %s | %s | %s |" % (STACK_NAMES[r["stack"]], ENGINE_NAMES.get((r["stack"], r["engine"]), r["engine"]),
                                              r["endpoint"], " | ".join(cells)))
    skipped = ["%s %s %s" % (r["stack"], ENGINE_NAMES.get((r["stack"], r["engine"]), r["engine"]), r["endpoint"])
               for r in http if "open_skipped" in r]
    if skipped:
        out += ["", "No open-loop run (80%% of their maximum is beyond what the one-core generator can send, %s): %s." % (
            "12,000 req/s", ", ".join(skipped))]
    return "\n".join(out)


def spread_cell(x, digits=0):
    """median <small>(min–max)</small> of the repetitions, or — when not measured."""
    if not x:
        return "—"
    return "%s <small>(%s–%s)</small>" % (fmt(x["median"], digits), fmt(x["min"], digits), fmt(x["max"], digits))


def cost_table(http):
    """Throughput beside what a request costs the server: CPU time (utime + stime of the server's processes over the
    measured window ÷ requests) and bytes allocated (GC, where the stack reports it), median and min–max of the reps."""
    out = ["| stack | engine | endpoint | req/s | CPU µs / request | bytes allocated / request | warm-up |",
           "| --- | --- | --- | ---: | ---: | ---: | ---: |"]
    for r in http:
        c = r["closed"]
        rate = {"median": c["rps_median"], "min": c["rps_min"], "max": c["rps_max"]}
        out.append("| %s | %s | %s%s | %s | %s | %s | %s s |" % (
            STACK_NAMES[r["stack"]], ENGINE_NAMES.get((r["stack"], r["engine"]), r["engine"]), r["endpoint"],
            " (bcrypt %d)" % r["bcrypt"] if r.get("bcrypt") else "", spread_cell(rate),
            spread_cell(c.get("cpu_us_per_request"), 1), spread_cell(c.get("bytes_per_request")),
            fmt((r.get("warmup") or {}).get("seconds"))))
    return "\n".join(out)


def per_request_table(http):
    out = ["| engine | endpoint | store reads | writes | deletes | bytes allocated |", "| --- | --- |" + " ---: |" * 4]
    for r in http:
        p = r.get("per_request")
        if r["stack"] != "app" or not p:
            continue
        out.append("| %s | %s%s | %.3f | %.3f | %.3f | %s |" % (r["engine"], r["endpoint"],
                                                              " (bcrypt %d)" % r["bcrypt"] if r.get("bcrypt") else "",
                                                              p.get("reads", 0), p.get("writes", 0), p.get("deletes", 0),
                                                              fmt(p["allocated_bytes"])))
    return "\n".join(out)


def case_name(r):
    return "%s E2" % ENGINE_NAMES.get((r["stack"], r["engine"]), r["engine"])


def scale_table(scale):
    if not scale:
        return "(not run in this run: `MERGE=1 ONLY=scale bench/run.sh` adds it)"
    c = scale["clearsessions"]
    lines = ["| case | rows | E2 rate | p50 ms | p99 ms | p99.9 ms |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for k in ("1k", "1M"):
        s = scale[k]
        lines.append("| E2 with %s stored sessions | %s | %s | %.2f | %.2f | %.2f |" % (
            k, fmt(s["rows"]), fmt(scale["rate"]), s["p50_ms"], s["p99_ms"], s["p999_ms"]))
    lines += ["", "clearsessions (`dotnet BlazorSessionDemo.dll clearsessions`, batches of 1000) while E2 runs at %s req/s, "
              "with the default pause between batches and then, on as many fresh expired rows, with none (the baseline); "
              "bulk insert of the 1M rows (sqlite3, one transaction): %.1f s." % (fmt(c["rate"]), scale["insert_seconds"]["1M"]),
              "", "| purge | rows before → after | seconds | E2 p50 ms during | E2 p99 ms during | max ms | requests | "
              "p99 ms before |", "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, label in (("clearsessions", "paced (`Session:CleanupBatchPause` default, 10 ms)"),
                        ("clearsessions_unpaced", "unpaced (`Session:CleanupBatchPause=00:00:00`)")):
        c = scale.get(name)
        if not c:
            continue
        d, b = c["e2_during"], c["e2_before"]
        lines.append("| %s | %s → %s | %.1f | %.2f | **%.2f** | %.2f | %s | %.2f |" % (
            label, fmt(c["rows_before"]), fmt(c["rows_after"]), c["seconds"], d.get("p50_ms", 0), d.get("p99_ms", 0),
            d.get("max_ms", 0), fmt(d.get("requests", 0)), b.get("p99_ms", 0)))
    return "\n".join(lines)


def micro_table(micro):
    if not micro:
        return "(not run in this run; `MERGE=1 ONLY=micro bench/run.sh` adds them to it)"
    out = ["| benchmark | parameters | mean | allocated |", "| --- | --- | ---: | ---: |"]
    for m in micro:
        out.append("| %s.%s | %s | %s µs | %s B |" % (m["type"].replace("Benchmarks", ""), m["method"], m["params"],
                                                   fmt((m["mean_ns"] or 0) / 1000, 2), fmt(m["allocated_bytes"])))
    return "\n".join(out)


def plot(http, png):
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(12, 9))
    groups = [(s, e) for s, e in rows_of(http) if not (s == "app" and e == "none")]
    e0 = rps(find(http, "app", "none", "E0"))
    width = 0.8 / 3
    for i, endpoint in enumerate(("E1", "E2", "E3")):
        values = [rps(find(http, s, e, endpoint)) or 0 for s, e in groups]
        top.bar([x + i * width for x in range(len(groups))], values, width, label=endpoint)
    if e0:
        top.axhline(e0, color="grey", linestyle="--", linewidth=1, label="E0 (app, no sessions)")
    top.set_yscale("log")
    top.set_ylabel("requests/s (closed loop, log)")
    top.set_xticks([x + width for x in range(len(groups))])
    top.set_xticklabels(["%s\n%s" % (s, SHORT_NAMES.get((s, e), e)) for s, e in groups], fontsize=7)
    top.legend(fontsize=8)
    top.set_title("Throughput: one server core, wrk on the other")
    opened = [r for r in http if "open" in r and r["endpoint"] == "E2"]
    labels = ["%s\n%s" % (r["stack"], SHORT_NAMES.get((r["stack"], r["engine"]), r["engine"])) for r in opened]
    for i, k in enumerate(("50", "80")):
        bottom.bar([x + i * 0.4 for x in range(len(opened))], [r["open"].get(k, {}).get("p99_ms", 0) for r in opened], 0.4,
                   label="p99 at %s%% of max" % k)
    bottom.set_yscale("log")
    bottom.set_ylabel("E2 p99 latency, ms (open loop, log)")
    bottom.set_xticks([x + 0.2 for x in range(len(opened))])
    bottom.set_xticklabels(labels, fontsize=7)
    bottom.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(png, dpi=110)


def runs_line(results):
    """Which cases the run measured (ONLY), and the MERGE=1 re-runs that replaced or added some since."""
    parts = ["`bench/run.sh`" + (" with `ONLY=%s`" % results["only"] if results.get("only") else "")]
    parts += ["then `MERGE=1 ONLY=%s%s` (%s, %d min)" % (r["only"], " ENDPOINTS=%s" % r["endpoints"] if r.get("endpoints") else "",
                                                         r["date"], r["elapsed_seconds"] // 60)
              for r in results.get("reruns", [])]
    return ", ".join(parts)


def main(results_path, md_path, png_path):
    with open(results_path) as f:
        results = json.load(f)
    http, scale, m = results["http"], results.get("scale"), results["machine"]
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "report_text.md")) as f:
        template = f.read()
    s = results["settings"]
    values = {
        "machine": "%s, %s cores, Linux %s; .NET SDK %s; %s; %s; Django %s, gunicorn %s, %s; SQLite %s. Run of %s, %d min."
                   % (m["cpu"], m["cores"], m["kernel"], m["dotnet"], m["wrk"].split(" [")[0], m["redis"].split(" sha")[0], m["django"],
                      m["gunicorn"], m["python"], m["sqlite"], m["date"], results["elapsed_seconds"] // 60),
        "settings": "warm-up %s; %d × %gs closed-loop runs (wrk, %d connections; E3 one session per connection), "
                    "open loop %gs per rate" % (results.get("warmup", "%ss" % s["warmup"]), s["reps"], s["duration"],
                                                s["connections"], s["open_duration"]),
        "runs": runs_line(results),
        "throughput": throughput_table(http), "latency": latency_table(http), "per_request": per_request_table(http),
        "cost": cost_table(http), "duration": "this run: %d min" % (results["elapsed_seconds"] // 60),
        "e3_cache_addsession": addsession_ratio(http, "cache", "memory"),
        "e3_redis_addsession": addsession_ratio(http, "redis", "redis"),
        "targets": targets_table(http, scale), "paired": paired_table(http, case_name), "scale": scale_table(scale), "micro": micro_table(results.get("micro")),
    }
    for key, value in values.items():
        template = template.replace("{{%s}}" % key, value)
    with open(md_path, "w") as f:
        f.write(template)
    plot(http, png_path)


if __name__ == "__main__":
    main(*sys.argv[1:4])
