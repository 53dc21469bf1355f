"""Starting the servers under test: BlazorSessionDemo (Release, Production), the ASP.NET Core session baseline,
Django 3.2 under gunicorn (2 workers), and redis-server. All pinned to the server core, on 127.0.0.1 free ports."""
import os
import subprocess
import time

from .common import BENCH, ROOT, BenchFailure, free_port, start, wait_http

APP_BIN = os.path.join(ROOT, "BlazorSessionDemo", "bin", "Release", "net10.0")
BASELINE_BIN = os.path.join(BENCH, "AspNetSessionBaseline", "bin", "Release", "net10.0")
DJANGO_DIR = os.path.join(BENCH, "django")
PYTHON = "/usr/bin/python3"  # Debian's python3-django lives here; the python3 on PATH may be another interpreter.
BENCH_SECRET = "bench-only-secret-key-not-used-anywhere-else-0123456789"
DOTNET_ENV = {
    "ASPNETCORE_ENVIRONMENT": "Production",
    "Logging__LogLevel__Default": "Warning",
    "DOTNET_NOLOGO": "1",
    "DOTNET_CLI_TELEMETRY_OPTOUT": "1",
}


class Server:
    def __init__(self, proc, port, folder):
        self.proc, self.port, self.folder = proc, port, folder


def start_redis(tmp):
    port = free_port()
    folder = os.path.join(tmp, "redis")
    os.makedirs(folder, exist_ok=True)
    proc = start(["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--dir", folder, "--save", "",
                  "--appendonly", "no", "--daemonize", "no"], log_path=os.path.join(folder, "redis.log"))
    for _ in range(100):
        if subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True).returncode == 0:
            return Server(proc, port, folder)
        time.sleep(0.1)
    raise BenchFailure("redis-server did not start")


def app_env(folder, port, engine, redis_port, sessions=True, bcrypt=4, db_path=None):
    os.makedirs(os.path.join(folder, "files"), exist_ok=True)
    env = dict(DOTNET_ENV)
    env.update({
        "ASPNETCORE_URLS": "http://127.0.0.1:%d" % port,
        "ConnectionStrings__Default": "Data Source=%s" % (db_path or os.path.join(folder, "app.db")),
        "Session__Enabled": "true" if sessions else "false",
        "Session__Engine": engine,
        "Session__SecretKey": BENCH_SECRET,
        "Session__SecretKeyFile": os.path.join(folder, "secret.key"),
        "Session__FilePath": os.path.join(folder, "files"),
        "Session__Redis__Host": "127.0.0.1",
        "Session__Redis__Port": str(redis_port),
        "Session__Redis__Prefix": "bench-%d" % port,
        "Bench__Endpoints": "true",
        "Auth__BcryptWorkFactor": str(bcrypt),
        "Demo__SeedUsers": "true",
    })
    return env


def start_app(tmp, name, engine, redis_port, sessions=True, bcrypt=4, db_path=None):
    port = free_port()
    folder = os.path.join(tmp, name)
    os.makedirs(folder, exist_ok=True)
    env = app_env(folder, port, engine, redis_port, sessions, bcrypt, db_path)
    proc = start(["dotnet", os.path.join(APP_BIN, "BlazorSessionDemo.dll")], env=env, cwd=APP_BIN,
                 log_path=os.path.join(folder, "server.log"))
    wait_http(port, "/bench/e0", proc)
    return Server(proc, port, folder)


def start_aspnet_baseline(tmp, name, store, redis_port):
    port = free_port()
    folder = os.path.join(tmp, name)
    os.makedirs(folder, exist_ok=True)
    env = dict(DOTNET_ENV)
    env.update({
        "ASPNETCORE_URLS": "http://127.0.0.1:%d" % port,
        "Baseline__Store": store,
        "Baseline__Redis": "127.0.0.1:%d" % redis_port,
        "ConnectionStrings__Users": "Data Source=%s" % os.path.join(folder, "users.db"),
    })
    proc = start(["dotnet", os.path.join(BASELINE_BIN, "AspNetSessionBaseline.dll")], env=env, cwd=BASELINE_BIN,
                 log_path=os.path.join(folder, "server.log"))
    wait_http(port, "/bench/e0", proc)
    return Server(proc, port, folder)


def start_django(tmp, name, engine, redis_port):
    port = free_port()
    folder = os.path.join(tmp, name)
    os.makedirs(folder, exist_ok=True)
    env = {
        "BENCH_SESSION_ENGINE": engine,
        "BENCH_DB": os.path.join(folder, "django.sqlite3"),
        "BENCH_REDIS_URL": "redis://127.0.0.1:%d/1" % redis_port,
        "DJANGO_SETTINGS_MODULE": "benchsite.settings",
    }
    full = dict(os.environ)
    full.update(env)
    setup = subprocess.run([PYTHON, "setup_db.py"], cwd=DJANGO_DIR, env=full, capture_output=True, text=True)
    if setup.returncode != 0:
        raise BenchFailure("Django setup failed: " + setup.stderr[-2000:])
    proc = start([PYTHON, "-m", "gunicorn", "--workers", "2", "--bind", "127.0.0.1:%d" % port,
                  "--log-level", "warning", "benchsite.wsgi"], env=env, cwd=DJANGO_DIR,
                 log_path=os.path.join(folder, "server.log"))
    wait_http(port, "/bench/e0", proc)
    return Server(proc, port, folder)
