namespace DjangoSessions;

/// <summary>
/// The <c>Session</c> configuration section: one property per Django <c>SESSION_*</c> setting, with Django's defaults.
/// Named so it never clashes with <c>Microsoft.AspNetCore.Builder.SessionOptions</c>.
/// </summary>
public sealed class DjangoSessionSettings
{
    /// <summary>The configuration section the settings bind from: <c>Session</c>.</summary>
    public const string SectionName = "Session";

    /// <summary>Switches the whole framework off: no middleware, no cookie, pages run without a session.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>SESSION_ENGINE: db (default), cache, cached_db, file, signed_cookies, redis.</summary>
    public string Engine { get; set; } = SessionEngineNames.Db;

    /// <summary>SESSION_COOKIE_NAME.</summary>
    public string CookieName { get; set; } = "sessionid";

    /// <summary>SESSION_COOKIE_AGE in seconds (two weeks).</summary>
    public int CookieAge { get; set; } = 1209600;

    /// <summary>SESSION_COOKIE_PATH.</summary>
    public string CookiePath { get; set; } = "/";

    /// <summary>SESSION_COOKIE_DOMAIN; null means a host-only cookie.</summary>
    public string? CookieDomain { get; set; }

    /// <summary>SESSION_COOKIE_SECURE.</summary>
    public bool CookieSecure { get; set; }

    /// <summary>SESSION_COOKIE_HTTPONLY.</summary>
    public bool CookieHttpOnly { get; set; } = true;

    /// <summary>SESSION_COOKIE_SAMESITE: Lax, Strict, None, or empty to leave the attribute out (Django's False).</summary>
    public string? CookieSameSite { get; set; } = "Lax";

    /// <summary>SESSION_EXPIRE_AT_BROWSER_CLOSE.</summary>
    public bool ExpireAtBrowserClose { get; set; }

    /// <summary>
    /// Absolute session lifetime in seconds, counted from login (or creation), however active the session is; null or 0
    /// = off, as Django has none. The idle timeout is <see cref="CookieAge"/>, counted from the last save as in Django.
    /// </summary>
    public int? AbsoluteTimeout { get; set; }

    /// <summary>SESSION_SAVE_EVERY_REQUEST.</summary>
    public bool SaveEveryRequest { get; set; }

    /// <summary>SESSION_FILE_PATH for the file engine; null means the system temp directory.</summary>
    public string? FilePath { get; set; }

    /// <summary>
    /// SESSION_CACHE_ALIAS for the cache and cached_db engines: the key of a keyed <c>IDistributedCache</c> service
    /// (e.g. <c>AddKeyedSingleton&lt;IDistributedCache&gt;("sessions", ...)</c>). Null or empty: the app's default
    /// <c>IDistributedCache</c>, or an in-process memory cache when the app registered none (Django's locmem default).
    /// </summary>
    public string? CacheAlias { get; set; }

    /// <summary>SECRET_KEY used to sign session data. Null: a generated key persisted in <see cref="SecretKeyFile"/>.</summary>
    public string? SecretKey { get; set; }

    /// <summary>
    /// The SECRET_KEY in effect: <see cref="SecretKey"/>, or the generated one (read or created on first use) when the
    /// app's settings leave it unset. Everything keyed from SECRET_KEY (session signing, the auth hash) reads this, so
    /// they always agree. Null only for settings built by hand without a <see cref="SecretKey"/>.
    /// </summary>
    public string? EffectiveSecretKey => string.IsNullOrEmpty(SecretKey) ? GeneratedSecretKey?.Value : SecretKey;

    /// <summary>Set on start by <c>AddDjangoSessions</c>; lazy, so an app that never signs anything writes no key file.</summary>
    internal Lazy<string>? GeneratedSecretKey { get; set; }

    /// <summary>SECRET_KEY_FALLBACKS (Django 4.1+): older keys still accepted when reading, never used to write.</summary>
    public string[] SecretKeyFallbacks { get; set; } = [];

    /// <summary>Where a generated secret is kept when <see cref="SecretKey"/> is not set (relative to the content root).</summary>
    public string SecretKeyFile { get; set; } = "App_Data/session-secret.key";

    /// <summary>How often a background job deletes expired sessions (Django's clearsessions); null = never.</summary>
    public TimeSpan? CleanupInterval { get; set; }

    /// <summary>Rows deleted per statement by clearsessions, so a big purge never holds one long write lock.</summary>
    public int CleanupBatchSize { get; set; } = 1000;

    /// <summary>The seed's SESSION_REDIS_* settings.</summary>
    public RedisSessionSettings Redis { get; set; } = new();
}
