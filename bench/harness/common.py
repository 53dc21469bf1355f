"""Processes, ports and HTTP helpers for the benchmark harness. Every process started here is remembered and stopped
on exit (bench/run.sh also traps EXIT), and every server listens on 127.0.0.1 only."""
import http.client
import json
import os
import socket
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BENCH = os.path.join(ROOT, "bench")
SERVER_CPU = os.environ.get("SERVER_CPU", "0")
LOAD_CPU = os.environ.get("LOAD_CPU", "1")
_started = []


class BenchFailure(Exception):
    """An invariant the benchmark asserts was broken: the run stops loudly."""


def log(message):
    print(time.strftime("%H:%M:%S"), message, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(cmd, env=None, cwd=None, cpu=SERVER_CPU, log_path=None):
    """Starts cmd pinned to cpu (taskset), in its own process group, output to log_path."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    out = open(log_path or os.devnull, "ab")
    proc = subprocess.Popen(["taskset", "-c", cpu] + cmd, env=full_env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                            start_new_session=True)
    proc.log_path = log_path
    _started.append(proc)
    return proc


def stop(proc):
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, 15)
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            proc.wait()
        except ProcessLookupError:
            pass
    if proc in _started:
        _started.remove(proc)


def stop_all():
    for proc in list(_started):
        stop(proc)


def request(port, method, path, body=None, headers=None, timeout=60):
    """One HTTP request to 127.0.0.1:port; returns (status, headers as list, body text)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.getheaders(), response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def wait_http(port, path, proc, timeout=90):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise BenchFailure("server exited with %s; log: %s\n%s" % (proc.returncode, proc.log_path, tail(proc.log_path)))
        try:
            status, _, _ = request(port, "GET", path, timeout=5)
            if status < 500:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise BenchFailure("server on port %d did not answer %s within %ds" % (port, path, timeout))


def tail(path, lines=30):
    if not path or not os.path.exists(path):
        return ""
    with open(path, "rb") as f:
        return b"\n".join(f.read().splitlines()[-lines:]).decode("utf-8", "replace")


def session_cookie(headers, name="sessionid"):
    for key, value in headers:
        if key.lower() == "set-cookie" and value.startswith(name + "="):
            return value.split(";", 1)[0].split("=", 1)[1]
    return None


def login(port, path="/api/login", body=None):
    """Logs alice in and returns her session cookie value."""
    body = body if body is not None else json.dumps({"email": "alice@example.com", "password": "alice-password"})
    status, headers, text = request(port, "POST", path, body=body, headers={"Content-Type": "application/json"})
    cookie = session_cookie(headers)
    if status != 200 or not cookie:
        raise BenchFailure("login on port %d failed: %d %s" % (port, status, text[:200]))
    return cookie


def counters(port):
    status, _, text = request(port, "GET", "/bench/counters")
    return json.loads(text) if status == 200 else None


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(proc):
    """User + system CPU time of every live process in proc's process group (the server: one dotnet process, or
    gunicorn's master and workers), from /proc/<pid>/stat. redis-server, the store of the redis cases, is not in it."""
    total = 0
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name) as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # After "pid (comm)": state ppid pgrp session ... utime is field 14 and stime 15 of the whole line.
        if int(fields[2]) == proc.pid:
            total += int(fields[11]) + int(fields[12])
    return total / CLOCK_TICKS


def env_float(name, default):
    return float(os.environ.get(name, default))


def fail(message):
    print("BENCHMARK FAILED: " + message, file=sys.stderr, flush=True)
    raise BenchFailure(message)


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
