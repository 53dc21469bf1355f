"""Load generators: wrk (closed loop: max throughput) and bench/LoadGen (open loop at a fixed rate: latency)."""
import json
import os
import subprocess
import tempfile

from .common import BENCH, LOAD_CPU, fail

LUA = os.path.join(BENCH, "lua")
LOADGEN_DLL = os.path.join(BENCH, "LoadGen", "bin", "Release", "net10.0", "LoadGen.dll")


def wrk(port, path, seconds, connections, script="get.lua", headers=(), script_args=(), threads=1):
    """Closed loop for `seconds`; returns wrk's summary (requests, rps, latency in ms, errors). One thread drives
    every connection, except where each connection needs its own Lua state (sessions.lua: threads = connections)."""
    with open(os.path.join(LUA, script)) as f, open(os.path.join(LUA, "report.lua")) as r:
        source = f.read() + "\n" + r.read()
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(source)
    try:
        cmd = ["taskset", "-c", LOAD_CPU, "wrk", "-t%d" % threads, "-c%d" % connections, "-d%ds" % max(1, round(seconds)),
               "--timeout", "30s", "-s", lua.name]
        for header in headers:
            cmd += ["-H", header]
        cmd.append("http://127.0.0.1:%d%s" % (port, path))
        if script_args:
            cmd += ["--"] + list(script_args)
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 120)
    finally:
        os.unlink(lua.name)
    line = next((l for l in out.stdout.splitlines() if l.startswith("JSON:")), None)
    if line is None:
        fail("wrk gave no summary for %s: %s %s" % (path, out.stdout[-500:], out.stderr[-500:]))
    s = json.loads(line[5:])
    errors = s["errors_connect"] + s["errors_read"] + s["errors_write"] + s["errors_timeout"]
    return {
        "requests": s["requests"], "seconds": s["duration_us"] / 1e6, "rps": s["requests"] / (s["duration_us"] / 1e6),
        "p50_ms": s["p50_us"] / 1000, "p90_ms": s["p90_us"] / 1000, "p99_ms": s["p99_us"] / 1000,
        "max_ms": s["max_us"] / 1000, "non2xx": s["errors_status"], "socket_errors": errors,
    }


def loadgen_cmd(port, path, rate, seconds, connections, headers=(), method="GET", body=None, out=None, samples=None,
                stop_file=None, warmup=2, session_keys=None):
    cmd = ["taskset", "-c", LOAD_CPU, "dotnet", LOADGEN_DLL, "--url", "http://127.0.0.1:%d%s" % (port, path),
           "--rate", "%.1f" % rate, "--duration", str(seconds), "--connections", str(connections), "--method", method,
           "--warmup", str(warmup)]
    for header in headers:
        cmd += ["--header", header]
    if body is not None:
        cmd += ["--body", body]
    for flag, value in (("--out", out), ("--samples", samples), ("--stop-file", stop_file),
                        ("--session-keys", session_keys)):
        if value:
            cmd += [flag, value]
    return cmd


def loadgen(port, path, rate, seconds, connections, headers=(), warmup=2, session_keys=None):
    """Open loop at `rate` requests/s for `seconds`; latency measured from each request's due time. session_keys: a
    file of session keys, each lent to one request at a time (E3)."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        pass
    try:
        run = subprocess.run(loadgen_cmd(port, path, rate, seconds, connections, headers, out=out.name, warmup=warmup,
                                         session_keys=session_keys),
                             capture_output=True, text=True, timeout=seconds + 180)
        if run.returncode != 0:
            fail("LoadGen failed: %s" % run.stderr[-1000:])
        with open(out.name) as f:
            result = json.load(f)
    finally:
        os.unlink(out.name)
    return {
        "target_rate": result["target_rate"], "achieved_rate": result["achieved_rate"], "requests": result["requests"],
        "errors": result["errors"] + result["non_2xx_3xx"], "p50_ms": result["latency_ms"]["p50"],
        "p90_ms": result["latency_ms"]["p90"], "p99_ms": result["latency_ms"]["p99"],
        "p999_ms": result["latency_ms"]["p99.9"], "max_ms": result["latency_ms"]["max"],
    }
