namespace DjangoSessions;

/// <summary>The values <c>Session:Engine</c> accepts: the short names of Django's SESSION_ENGINE backends.</summary>
public static class SessionEngineNames
{
    /// <summary>django.contrib.sessions.backends.db (EF Core package).</summary>
    public const string Db = "db";
    /// <summary>django.contrib.sessions.backends.cache.</summary>
    public const string Cache = "cache";
    /// <summary>django.contrib.sessions.backends.cached_db (EF Core package).</summary>
    public const string CachedDb = "cached_db";
    /// <summary>django.contrib.sessions.backends.file.</summary>
    public const string File = "file";
    /// <summary>django.contrib.sessions.backends.signed_cookies.</summary>
    public const string SignedCookies = "signed_cookies";
    /// <summary>django-redis-sessions' redis_sessions.session (Redis package).</summary>
    public const string Redis = "redis";

    internal static IReadOnlyList<string> All { get; } = [Db, Cache, CachedDb, File, SignedCookies, Redis];
}
