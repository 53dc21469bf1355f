namespace DjangoSessions.Engines;

/// <summary>The cache and cached_db engines' setting, bound from the flat <c>Session:CacheAlias</c> key.</summary>
public sealed class CacheSessionSettings
{
    /// <summary>
    /// SESSION_CACHE_ALIAS: the key of a keyed <c>IDistributedCache</c> service
    /// (e.g. <c>AddKeyedSingleton&lt;IDistributedCache&gt;("sessions", ...)</c>). Null or empty: the app's default
    /// <c>IDistributedCache</c>, or an in-process memory cache when the app registered none (Django's locmem default).
    /// </summary>
    public string? CacheAlias { get; set; }
}
