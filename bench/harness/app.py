"""The app's cases: E0 (and its server, kept as every E2 case's reference), each engine's E1-E5, the engines under
other settings (SQLite FULL, PostgreSQL, redis near cache and reads one by one), the floor and BCrypt 12."""
from .common import login, stop, wanted, wanted_endpoint
from .measure import closed_run, measure
from .session_files import make_key_files, make_sessions
from .stacks import postgres_settings, start_app, start_postgres

APP_ENGINES = ["db", "cache", "cached_db", "file", "signed_cookies", "redis"]
E2_CASES = APP_ENGINES + ["redis-near", "redis-single", "db-postgres", "floor"]


def start_e0(cfg, tmp, redis, results):
    """E0, the app with no sessions, measured as its own case; the server then stays up, warm, as every E2 case's
    reference (measure's `reference`, run around each repetition). Started whenever an app E2 case runs, so that
    even an E2-only re-run (MERGE=1 ENDPOINTS=E2) has its E0 of the same minutes."""
    e2 = wanted_endpoint("E2") and any(wanted("app", engine) for engine in E2_CASES)
    if not e2 and not (wanted("app", "E0") and wanted_endpoint("E0")):
        return None, None
    server = start_app(tmp, "app-e0", "db", redis.port, sessions=False)
    results.append(dict(stack="app", engine="none", endpoint="E0", **measure(cfg, "app (no sessions)", server, "E0")))

    def reference(seconds):
        return closed_run(cfg, "app (no sessions)", server, "E0", seconds, cfg.connections, "get.lua", [], None, 1)
    return server, reference


def run_redis_variant(cfg, tmp, redis, results, name, case, settings, reference):
    """The redis engine under other settings, E2 and E3, as its own case `app:<name>`."""
    if not wanted("app", name):
        return
    server = start_app(tmp, "app-" + name, "redis", redis.port, bcrypt=4, settings=settings)
    if wanted_endpoint("E2"):
        results.append(dict(stack="app", engine=name, endpoint="E2",
                            **measure(cfg, case, server, "E2", login(server.port), reference=reference)))
    if wanted_endpoint("E3"):
        results.append(dict(stack="app", engine=name, endpoint="E3",
                            **measure(cfg, case, server, "E3", sessions=e3_sessions(cfg, server))))
    stop(server.proc)


def run_app(cfg, tmp, redis, results):
    e0_server, reference = start_e0(cfg, tmp, redis, results)
    run_app_cases(cfg, tmp, redis, results, reference)
    if e0_server:
        stop(e0_server.proc)


def run_app_cases(cfg, tmp, redis, results, reference):
    for engine in APP_ENGINES:
        if not wanted("app", engine):
            continue
        server = start_app(tmp, "app-" + engine, engine, redis.port, bcrypt=4)
        case = "app " + engine
        for endpoint in ("E1", "E2"):
            if wanted_endpoint(endpoint):
                cookie = login(server.port) if endpoint != "E1" else None
                results.append(dict(stack="app", engine=engine, endpoint=endpoint,
                                    **measure(cfg, case, server, endpoint, cookie,
                                              reference=reference if endpoint == "E2" else None)))
        if wanted_endpoint("E3"):
            results.append(dict(stack="app", engine=engine, endpoint="E3",
                                **measure(cfg, case, server, "E3", sessions=e3_sessions(cfg, server))))
        if wanted_endpoint("E4"):
            results.append(dict(stack="app", engine=engine, endpoint="E4", bcrypt=4,
                                **measure(cfg, case + " bcrypt 4", server, "E4", script="login.lua", open_loop=False)))
        if wanted_endpoint("E5"):
            e3 = next((r for r in results if r["stack"] == "app" and r["engine"] == engine and r["endpoint"] == "E3"),
                      None)
            # Enough fresh sessions for a run at E3's rate (the script stops when they run out); smoke needs few.
            fewest = 300 if cfg.mode == "smoke" else 2000
            rate = e3["closed"]["rps_median"] if e3 else 10000
            per_file = int(min(150000, max(fewest, rate * (cfg.duration + 1) * 1.3)))
            keys = make_key_files(server, per_file, server.folder)
            results.append(dict(stack="app", engine=engine, endpoint="E5",
                                **measure(cfg, case, server, "E5", script="logout.lua", open_loop=False,
                                          key_files=keys, fixed_warmup=True)))
        stop(server.proc)
    if wanted("app", "db") or wanted("app", "db-sync-full"):
        # The db engine's writes with SQLite fsyncing every commit (Database:SqliteSynchronous=Full, SQLite's own
        # default), beside the default NORMAL measured above in the same run: what WAL + NORMAL buys (docs/engines.md).
        server = start_app(tmp, "app-db-sync-full", "db", redis.port, bcrypt=4,
                           settings={"Database__SqliteSynchronous": "Full"})
        case = "app db synchronous=FULL"
        if wanted_endpoint("E3"):
            results.append(dict(stack="app", engine="db-sync-full", endpoint="E3",
                                **measure(cfg, case, server, "E3", sessions=e3_sessions(cfg, server))))
        if wanted_endpoint("E4"):
            results.append(dict(stack="app", engine="db-sync-full", endpoint="E4", bcrypt=4,
                                **measure(cfg, case + " bcrypt 4", server, "E4", script="login.lua", open_loop=False)))
        stop(server.proc)
    # The redis engine with its near cache on (Session:Redis:NearCacheSize): a read-only request is served from the
    # node's decoded copy, which Redis's client-side caching invalidates; a write drops it (docs/engines.md).
    run_redis_variant(cfg, tmp, redis, results, "redis-near", "app redis near cache",
                      {"Session__Redis__NearCacheSize": "8192"}, reference)
    # Session:Redis:PipelineReads off: each request's GET written on its own, the way StackExchange.Redis sends a
    # command, beside the default (reads of concurrent requests sent together).
    run_redis_variant(cfg, tmp, redis, results, "redis-single", "app redis reads one by one",
                      {"Session__Redis__PipelineReads": "false"}, reference)
    if wanted("app", "db-postgres"):
        # The db engine (and the catalog, users, everything) on PostgreSQL instead of the SQLite file.
        postgres = start_postgres(tmp)
        server = start_app(tmp, "app-db-postgres", "db", redis.port, bcrypt=4,
                           settings=postgres_settings(postgres, "bench_app"))
        case = "app db PostgreSQL"
        for endpoint in ("E1", "E2"):
            if wanted_endpoint(endpoint):
                cookie = login(server.port) if endpoint != "E1" else None
                results.append(dict(stack="app", engine="db-postgres", endpoint=endpoint,
                                    **measure(cfg, case, server, endpoint, cookie,
                                              reference=reference if endpoint == "E2" else None)))
        if wanted_endpoint("E3"):
            results.append(dict(stack="app", engine="db-postgres", endpoint="E3",
                                **measure(cfg, case, server, "E3", sessions=e3_sessions(cfg, server))))
        if wanted_endpoint("E4"):
            results.append(dict(stack="app", engine="db-postgres", endpoint="E4", bcrypt=4,
                                **measure(cfg, case + " bcrypt 4", server, "E4", script="login.lua", open_loop=False)))
        stop(server.proc)
        stop(postgres.proc)
    if wanted("app", "floor") and wanted_endpoint("E2"):
        # The floor of an authenticated request: sessions off, and the app's scheme answering any request with a
        # session cookie with a logged-in user's principal, no store and no user lookup (bench/BenchHost/
        # FixedPrincipalHandler.cs). E2 here minus E0 is ASP.NET Core's share; an engine's E2 minus this, the sessions'.
        server = start_app(tmp, "app-floor", "db", redis.port, sessions=False, settings={"BENCH_FIXED_PRINCIPAL": "1"})
        results.append(dict(stack="app", engine="floor", endpoint="E2",
                            **measure(cfg, "app floor (fixed principal, sessions off)", server, "E2", "any",
                                      ops=(0, 0, 0), reference=reference)))
        stop(server.proc)
    if wanted("app", "bcrypt12") and wanted_endpoint("E4"):
        server = start_app(tmp, "app-bcrypt12", "db", redis.port, bcrypt=12)
        results.append(dict(stack="app", engine="db", endpoint="E4", bcrypt=12,
                            **measure(cfg, "app db bcrypt 12", server, "E4", script="login.lua", open_loop=False,
                                      connections=2, shortest=8)))
        stop(server.proc)


def e3_sessions(cfg, server):
    return make_sessions(server, cfg.connections, server.folder)
