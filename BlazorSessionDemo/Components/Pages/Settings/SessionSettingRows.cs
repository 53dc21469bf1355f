using System.Globalization;
using DjangoSessions;
using DjangoSessions.Catalog;
using DjangoSessions.Redis;

namespace BlazorSessionDemo.Components.Pages.Settings;

/// <summary>
/// The active <c>Session</c> settings as rows named after Django's settings, with Django's defaults and a one-line
/// meaning (from the seeds' settings tables). Secrets are only reported as set or not: the page is public.
/// </summary>
public static class SessionSettingRows
{
    public const string NotSet = "not set";
    public const string Set = "set";

    /// <summary>The dotted SESSION_ENGINE path Django (or django-redis-sessions, for redis) uses for each engine.</summary>
    public static string DjangoEngine(string engine) => engine switch
    {
        SessionEngineNames.Redis => "redis_sessions.session",
        _ => "django.contrib.sessions.backends." + engine,
    };

    public static string EngineDescription(string engine) => engine switch
    {
        SessionEngineNames.Db => "Sessions are rows of the django_session table (Django's default).",
        SessionEngineNames.Cache => "Sessions live only in the cache: fast, but lost when the cache is cleared or restarts.",
        SessionEngineNames.CachedDb => "Writes go to the cache and the database; reads try the cache first, then the database.",
        SessionEngineNames.File => "Each session is a file in SESSION_FILE_PATH.",
        SessionEngineNames.SignedCookies => "The whole session is signed into the cookie itself (readable by the client, 4 KB at most).",
        SessionEngineNames.Redis => "Sessions are Redis keys that expire on their own (the seed's django-redis-sessions).",
        _ => "Unknown engine.",
    };

    public static IReadOnlyList<SettingRow> Django(DjangoSessionSettings s, RedisSessionSettings redis) =>
    [
        new("SESSION_ENGINE", "Session:Engine", "'django.contrib.sessions.backends.db'",
            s.Engine, "Where session data is stored: db, cache, cached_db, file, signed_cookies or redis.",
            Changed: s.Engine != SessionEngineNames.Db),
        new("SESSION_COOKIE_NAME", "Session:CookieName", "'sessionid'",
            s.Cookie.CookieName, "Name of the cookie that carries the session key in the browser.",
            Changed: s.Cookie.CookieName != "sessionid"),
        new("SESSION_COOKIE_AGE", "Session:CookieAge", "1209600",
            Seconds(s.Cookie.CookieAge), "Lifetime of the session cookie and the session, in seconds (two weeks by default).",
            Changed: s.Cookie.CookieAge != 1209600),
        new("SESSION_COOKIE_PATH", "Session:CookiePath", "'/'",
            s.Cookie.CookiePath, "URL path the browser sends the session cookie for.",
            Changed: s.Cookie.CookiePath != "/"),
        new("SESSION_COOKIE_DOMAIN", "Session:CookieDomain", "None",
            OrNone(s.Cookie.CookieDomain, "host-only cookie"), "Domain the session cookie is valid for; None keeps it to this host.",
            Changed: !string.IsNullOrEmpty(s.Cookie.CookieDomain)),
        new("SESSION_COOKIE_SECURE", "Session:CookieSecure", "False",
            Bool(s.Cookie.CookieSecure), "Send the session cookie over HTTPS only.",
            Changed: s.Cookie.CookieSecure),
        new("SESSION_COOKIE_HTTPONLY", "Session:CookieHttpOnly", "True",
            Bool(s.Cookie.CookieHttpOnly), "Hide the session cookie from JavaScript; the browser sends it over HTTP only.",
            Changed: !s.Cookie.CookieHttpOnly),
        new("SESSION_COOKIE_SAMESITE", "Session:CookieSameSite", "'Lax'",
            s.Cookie.CookieSameSite is { } sameSite and not SameSiteMode.Unspecified ? sameSite.ToString() : "False (no SameSite attribute)",
            "SameSite attribute of the session cookie: whether cross-site requests carry it.",
            Changed: s.Cookie.CookieSameSite != SameSiteMode.Lax),
        new("SESSION_EXPIRE_AT_BROWSER_CLOSE", "Session:ExpireAtBrowserClose", "False",
            Bool(s.Cookie.ExpireAtBrowserClose), "Make the session end when the browser is closed (a cookie without an expiry).",
            Changed: s.Cookie.ExpireAtBrowserClose),
        new("SESSION_SAVE_EVERY_REQUEST", "Session:SaveEveryRequest", "False",
            Bool(s.SaveEveryRequest), "Save the session on every request, not only after it was modified.",
            Changed: s.SaveEveryRequest),
        new("SESSION_FILE_PATH", "Session:FilePath", "None",
            OrNone(s.File.FilePath, "the system temp directory"), "Folder of the file engine's session files; None uses tempfile.gettempdir().",
            Changed: !string.IsNullOrEmpty(s.File.FilePath)),
        new("SESSION_CACHE_ALIAS", "Session:CacheAlias", "'default'",
            OrNone(s.Cache.CacheAlias, "the default cache"), "Which configured cache the cache and cached_db engines use.",
            Changed: s.Cache.CacheAlias is { Length: > 0 } alias && alias != "default"),
        new("SESSION_REDIS_HOST", "Session:Redis:Host", "'localhost'",
            redis.Host, "Redis server host (django-redis-sessions).",
            Changed: redis.Host != "localhost"),
        new("SESSION_REDIS_PORT", "Session:Redis:Port", "6379",
            redis.Port.ToString(CultureInfo.InvariantCulture), "Redis server port.",
            Changed: redis.Port != 6379),
        new("SESSION_REDIS_DB", "Session:Redis:Db", "0",
            redis.Db.ToString(CultureInfo.InvariantCulture), "Redis database number the sessions are kept in.",
            Changed: redis.Db != 0),
        new("SESSION_REDIS_PASSWORD", "Session:Redis:Password", "None",
            string.IsNullOrEmpty(redis.Password) ? NotSet : Set, "Password for the Redis server (never shown).",
            Changed: !string.IsNullOrEmpty(redis.Password)),
        new("SESSION_REDIS_PREFIX", "Session:Redis:Prefix", "''",
            redis.Prefix, "Prefix put before every session key stored in Redis.",
            Changed: !string.IsNullOrEmpty(redis.Prefix)),
        new("(none)", "Session:Redis:Configuration", "—",
            string.IsNullOrEmpty(redis.Configuration) ? $"{NotSet} (Host, Port, Password)" : Set,
            "StackExchange.Redis configuration string (Redis Cluster, Sentinel); replaces Host, Port and Password. Never shown: it may hold a password."),
        new("(none)", "Session:Redis:NearCacheSize", "—",
            redis.NearCacheSize == 0 ? "0 (off)" : redis.NearCacheSize.ToString(CultureInfo.InvariantCulture),
            "Sessions each node keeps decoded, dropped by Redis's own invalidations (client-side caching); 0: every request reads Redis."),
        new("(none)", "Session:Redis:NearCacheMaxAge", "—",
            redis.NearCacheMaxAge.ToString("c", CultureInfo.InvariantCulture),
            "The longest a node uses its copy of a session without reading Redis again."),
        new("SECRET_KEY", "Session:SecretKey", "'' (must be set)",
            string.IsNullOrEmpty(s.Secrets.SecretKey) ? $"generated ({s.Secrets.SecretKeyFile})" : Set,
            "Signs the session data; whoever knows it can forge sessions, so it is never shown.",
            Changed: !string.IsNullOrEmpty(s.Secrets.SecretKey)),
        new("SECRET_KEY_FALLBACKS", "Session:SecretKeyFallbacks", "[]",
            s.Secrets.SecretKeyFallbacks.Length == 0 ? NotSet : $"{Set} ({s.Secrets.SecretKeyFallbacks.Length})",
            "Older secret keys still accepted when reading signed data, never used to sign.",
            Changed: s.Secrets.SecretKeyFallbacks.Length > 0),
    ];

    /// <summary>Settings of this app that Django has no setting for.</summary>
    public static IReadOnlyList<SettingRow> AppOnly(DjangoSessionSettings s, SessionCatalogSettings catalog) =>
    [
        new("(none)", "Session:Enabled", "—", Bool(s.Enabled),
            "Switches the session framework off: no middleware, no cookie (like removing SessionMiddleware)."),
        new("(python manage.py clearsessions)", "Session:CleanupInterval", "—",
            s.Cleanup.CleanupInterval is { } every ? $"every {every}" : "never (run clearsessions yourself)",
            "How often a background job deletes expired sessions; Django leaves that to a cron job."),
        new("(none)", "Session:CleanupBatchSize", "—", s.Cleanup.CleanupBatchSize.ToString(CultureInfo.InvariantCulture),
            "Rows deleted per statement while clearing expired sessions."),
        new("(none)", "Session:CleanupBatchPause", "—", s.Cleanup.CleanupBatchPause.ToString(),
            "The pause between two batches of a purge, so deleting many rows yields the CPU to requests."),
        new("(none)", "Session:CleanupLeaseLength", "— (2 × CleanupInterval, at least 1 minute)", s.Cleanup.EffectiveLeaseLength.ToString(),
            "How long the node running the timed cleanup holds its lease; the other nodes stand aside until it runs out or is released."),
        new("(none)", "Session:AbsoluteTimeout", "— (off)",
            s.AbsoluteTimeout is > 0 and var absolute ? Seconds(absolute) : "off",
            "Ends a session this many seconds after login however active it is; SESSION_COOKIE_AGE stays the idle timeout."),
        new("(none)", "Session:MultipleNodes", "—", Bool(s.MultipleNodes),
            "This app is one of several nodes sharing its stores: SQLite carries events in an outbox; the in-process cache engine refuses to start."),
        new("(django.contrib.auth SESSION_KEY)", "Session:UserIdKey", "'_auth_user_id'", catalog.UserIdKey,
            "The session entry naming the logged-in user; the live-sessions lists group sessions by it."),
        new("(none)", "Session:UserNameKey", "—", catalog.UserNameKey is { } nameKey ? $"'{nameKey}'" : NotSet,
            "The session entry holding the user's name, recorded beside the user id so /admin/sessions sorts by name."),
        new("(none)", "Session:ActivityInterval", "—", catalog.ActivityInterval.ToString(),
            "A session's last activity is written at most this often, so a request that only reads stays a read, and a save that only rolls expiry forward waits up to this long."),
        new("(none)", "Session:ExpirySweepInterval", "—", catalog.ExpirySweepInterval.ToString(),
            "How often one background sweep finds sessions past their expiry, to tell their open pages."),
        new("(none)", "Session:EventResyncInterval", "—", catalog.EventResyncInterval.ToString(),
            "On several nodes: how often each re-checks that the sessions its open pages watch still exist."),
    ];

    private static string Bool(bool value) => value ? "True" : "False";

    private static string OrNone(string? value, string meaning) => string.IsNullOrEmpty(value) ? $"None ({meaning})" : value;

    private static string Seconds(int seconds) => seconds > 0 && seconds % 86400 == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{seconds} ({seconds / 86400} days)")
        : string.Create(CultureInfo.InvariantCulture, $"{seconds} ({TimeSpan.FromSeconds(seconds):c})");
}
