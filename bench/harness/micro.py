"""Runs bench/Micro (BenchmarkDotNet, short in-process job) and keeps mean time and allocation per benchmark."""
import glob
import json
import os
import shutil
import subprocess

from .common import BENCH, LOAD_CPU, fail, log

MICRO_DLL = os.path.join(BENCH, "Micro", "bin", "Release", "net10.0", "Micro.dll")


def run_micro(tmp, redis_port):
    artifacts = os.path.join(tmp, "micro")
    env = dict(os.environ, BENCH_REDIS_PORT=str(redis_port))
    log("micro-benchmarks (BenchmarkDotNet)")
    run = subprocess.run(["taskset", "-c", LOAD_CPU, "dotnet", MICRO_DLL, "--filter", "*", "--artifacts", artifacts,
                          "--exporters", "json"], env=env, cwd=os.path.join(BENCH, "Micro"), capture_output=True,
                         text=True, timeout=3600)
    if run.returncode != 0:
        fail("Micro failed: " + run.stdout[-2000:] + run.stderr[-2000:])
    rows = []
    for path in sorted(glob.glob(os.path.join(artifacts, "results", "*.json"))):
        with open(path) as f:
            report = json.load(f)
        for b in report["Benchmarks"]:
            stats = b.get("Statistics") or {}
            rows.append({
                "type": b["Type"], "method": b["Method"], "params": b.get("Parameters", ""),
                "mean_ns": stats.get("Mean"), "stddev_ns": stats.get("StandardDeviation"),
                "allocated_bytes": (b.get("Memory") or {}).get("BytesAllocatedPerOperation"),
            })
    shutil.rmtree(artifacts, ignore_errors=True)
    for r in rows:
        log("  %-22s %-16s %-22s %10.2f us %8s B" % (r["type"], r["method"], r["params"], (r["mean_ns"] or 0) / 1000,
                                                     r["allocated_bytes"]))
    return rows
