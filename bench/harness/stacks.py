"""Starting the servers under test: BlazorSessionDemo (Release, Production) with the bench host composed in, the
ASP.NET Core session baseline, Django 3.2 under gunicorn (2 workers), and redis-server. All pinned to the server core,
on 127.0.0.1 free ports."""
import json
import os
import shutil
import subprocess
import time

from .common import BENCH, ROOT, BenchFailure, free_port, start, wait_http

APP_BIN = os.path.join(ROOT, "BlazorSessionDemo", "bin", "Release", "net10.0")
BENCH_HOST_BIN = os.path.join(BENCH, "BenchHost", "bin", "Release", "net10.0")
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


PG_BIN = "/usr/lib/postgresql/15/bin"


def start_postgres(tmp):
    """A throwaway PostgreSQL cluster in tmp, pinned to the server core like redis-server (its CPU is not counted in
    the app's). synchronous_commit=off is PostgreSQL's counterpart of the app's SQLite synchronous=NORMAL: a commit
    doesn't wait for its WAL flush, a crash can lose the last commits but never corrupts (docs/engines.md); fsync stays
    on. initdb refuses root, so the cluster belongs to the "postgres" user."""
    port = free_port()
    os.chmod(tmp, 0o755)
    data = os.path.join(tmp, "postgres")
    os.makedirs(data, mode=0o700)
    shutil.chown(data, "postgres", "postgres")
    init = subprocess.run(["runuser", "-u", "postgres", "--", os.path.join(PG_BIN, "initdb"), "-D", data, "-U", "postgres",
                           "-A", "trust", "-E", "UTF8"], capture_output=True, text=True)
    if init.returncode != 0:
        raise BenchFailure("initdb failed: " + init.stderr[-2000:])
    proc = start(["runuser", "-u", "postgres", "--", os.path.join(PG_BIN, "postgres"), "-D", data, "-p", str(port), "-k", data,
                  "-c", "listen_addresses=127.0.0.1", "-c", "synchronous_commit=off", "-c", "max_connections=300"],
                 log_path=os.path.join(tmp, "postgres.log"))
    for _ in range(300):
        ready = subprocess.run([os.path.join(PG_BIN, "pg_isready"), "-h", "127.0.0.1", "-p", str(port)], capture_output=True)
        if ready.returncode == 0:
            return Server(proc, port, data)
        if proc.poll() is not None:
            break
        time.sleep(0.1)
    raise BenchFailure("PostgreSQL did not start; see %s" % os.path.join(tmp, "postgres.log"))


def postgres_settings(postgres, database):
    """The app on PostgreSQL: a database of its own on the throwaway cluster, created here (the app's migrations make
    the tables, not the database)."""
    made = subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(postgres.port), "-U", "postgres", "-d", "postgres", "-q",
                           "-c", "CREATE DATABASE %s" % database], capture_output=True, text=True)
    if made.returncode != 0:
        raise BenchFailure("CREATE DATABASE %s failed: %s" % (database, made.stderr[-2000:]))
    return {"Database__Provider": "PostgreSQL",
            "ConnectionStrings__Default": "Host=127.0.0.1;Port=%d;Username=postgres;Database=%s" % (postgres.port, database)}


def app_bin(tmp):
    """The app's unchanged Release output, copied once per run with BenchHost.dll beside it. The app is started from
    here with ASPNETCORE_HOSTINGSTARTUPASSEMBLIES=BenchHost, and DOTNET_ADDITIONAL_DEPS naming BenchHost.dll, so the
    runtime resolves it next to the app: the /bench endpoints and counters come from bench/BenchHost, not the app."""
    folder = os.path.join(tmp, "app-bin")
    if not os.path.exists(folder):
        shutil.copytree(APP_BIN, folder, symlinks=True)
        for name in ("BenchHost.dll", "BenchHost.pdb"):
            shutil.copy2(os.path.join(BENCH_HOST_BIN, name), folder)
        deps = {
            "runtimeTarget": {"name": ".NETCoreApp,Version=v10.0", "signature": ""},
            "compilationOptions": {},
            "targets": {".NETCoreApp,Version=v10.0": {"BenchHost/1.0.0": {"runtime": {"BenchHost.dll": {}}}}},
            "libraries": {"BenchHost/1.0.0": {"type": "project", "serviceable": False, "sha512": ""}},
        }
        with open(os.path.join(tmp, "benchhost.deps.json"), "w") as f:
            json.dump(deps, f)
    return folder


def app_env(folder, port, engine, redis_port, sessions=True, bcrypt=4, db_path=None):
    os.makedirs(os.path.join(folder, "files"), exist_ok=True)
    tmp = os.path.dirname(folder)
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
        "ASPNETCORE_HOSTINGSTARTUPASSEMBLIES": "BenchHost",
        "DOTNET_ADDITIONAL_DEPS": os.path.join(tmp, "benchhost.deps.json"),
        "Auth__BcryptWorkFactor": str(bcrypt),
        "Demo__SeedUsers": "true",
        # The lockout reserves a slot for every login still in flight (so parallel guesses can't outrun it): E4's 32
        # concurrent logins of one account from one address would be refused with 429 after 10. E4 measures the
        # session's share of a login, so the bench lifts both limits; the lockout itself is tested, not benchmarked.
        "Auth__Lockout__MaxFailuresPerAccount": "1000000",
        "Auth__Lockout__MaxFailuresPerAddress": "1000000",
    })
    return env


def start_app(tmp, name, engine, redis_port, sessions=True, bcrypt=4, db_path=None, settings=None):
    """The app; settings: extra configuration as environment variables (e.g. Database__SqliteSynchronous)."""
    port = free_port()
    folder = os.path.join(tmp, name)
    os.makedirs(folder, exist_ok=True)
    env = app_env(folder, port, engine, redis_port, sessions, bcrypt, db_path)
    env.update(settings or {})
    binaries = app_bin(tmp)
    proc = start(["dotnet", os.path.join(binaries, "BlazorSessionDemo.dll")], env=env, cwd=binaries,
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
