namespace DjangoSessions;

/// <summary>The values <c>Session:Engine</c> accepts: the short names of Django's SESSION_ENGINE backends.</summary>
public static class SessionEngineNames
{
    public const string Db = "db";
    public const string Cache = "cache";
    public const string CachedDb = "cached_db";
    public const string File = "file";
    public const string SignedCookies = "signed_cookies";
    public const string Redis = "redis";

    public static IReadOnlyList<string> All { get; } = [Db, Cache, CachedDb, File, SignedCookies, Redis];
}
