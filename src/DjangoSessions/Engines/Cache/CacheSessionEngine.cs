using DjangoSessions.Concurrency;
using DjangoSessions.Lifecycle;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;

namespace DjangoSessions.Engines;

/// <summary>
/// <c>django.contrib.sessions.backends.cache</c> over an <see cref="IDistributedCache"/> (memory, Redis, ...): one
/// entry per session under Django's key prefix, holding the signed session data and its expire date, kept by the
/// cache until that date. Lossy by design, as in Django: an entry the cache dropped (eviction, restart) is a
/// logged-out user, never an error and never another user's data.
/// </summary>
internal sealed partial class CacheSessionEngine : ISessionEngine, ISessionRecordReader, ISessionSharedLoad
{
    /// <summary>Django's <c>KEY_PREFIX</c> of the cache backend: application entries can't collide with sessions.</summary>
    public const string KeyPrefix = "django.contrib.sessions.cache";

    /// <summary>Django's <c>KEY_PREFIX</c> of cached_db: its entries never mix with the cache engine's.</summary>
    public const string CachedDbKeyPrefix = "django.contrib.sessions.cached_db";

    /// <summary>
    /// The service key under which the registration exposes the cache chosen by <c>Session:CacheAlias</c>
    /// (see <see cref="CacheEngineRegistration"/>).
    /// </summary>
    public const string SessionCacheServiceKey = "django.contrib.sessions.cache";

    /// <summary>
    /// The JSON length from which an entry of an in-process cache is compressed. Its entries never leave the process, so
    /// below this zlib saves only a few hundred bytes of memory (counted against the cache's size limit, 200 MB by
    /// default: hundreds of thousands of such sessions), while its deflate was a third of a session write's CPU.
    /// Larger data is compressed as on any other store, so big sessions don't fill the cache sooner than before.
    /// </summary>
    internal const int InProcessCompressFrom = 4096;

    private readonly IDistributedCache _cache;
    private readonly SessionDataCodec _codec;
    private readonly TimeProvider _time;
    private readonly string _keyPrefix;
    private readonly string _engineName;
    private readonly DecodedEntries? _decoded;

    public CacheSessionEngine([FromKeyedServices(SessionCacheServiceKey)] IDistributedCache cache, SessionDataCodec codec, TimeProvider time)
        : this(cache, codec, time, KeyPrefix, SessionEngineNames.Cache)
    {
    }

    internal CacheSessionEngine(IDistributedCache cache, SessionDataCodec codec, TimeProvider time, string keyPrefix, string engineName)
    {
        _cache = cache;
        _codec = codec;
        _time = time;
        _keyPrefix = keyPrefix;
        _engineName = engineName;
        // Only an in-process cache returns the array it was given; another cache's bytes come from outside.
        _decoded = cache is MemoryDistributedCache ? new DecodedEntries() : null;
    }

    public async Task<JsonObject?> LoadAsync(string sessionKey, CancellationToken cancellationToken = default) =>
        (await ((ISessionSharedLoad)this).LoadSharedAsync(sessionKey, cancellationToken))?.Data.DeepClone().AsObject();

    public async Task<bool> ExistsAsync(string sessionKey, CancellationToken cancellationToken = default) =>
        await ReadAsync(sessionKey, cancellationToken) is not null;

    /// <summary>
    /// Django's cache backend uses <c>cache.add</c> for must_create and <c>cache.set</c> otherwise, so an update of a
    /// session deleted meanwhile silently brings it back. Here an update needs the entry to be there
    /// (<see cref="SessionUpdateException"/> otherwise), as the db engine's force_update. <see cref="IDistributedCache"/>
    /// has no atomic add: the check and the write are two calls. For must_create that only matters if two requests
    /// draw the same random 32-character key; for an update, a logout landing between the two calls can still be undone
    /// by this save, a far narrower window than Django's.
    /// </summary>
    public async Task<string> SaveAsync(string sessionKey, JsonObject data, DateTimeOffset expireDate, bool mustCreate,
        CancellationToken cancellationToken = default)
    {
        var exists = await ExistsAsync(sessionKey, cancellationToken);
        if (mustCreate && exists)
        {
            throw new SessionCreateException("Session key already in use.");
        }
        if (!mustCreate && !exists)
        {
            throw new SessionUpdateException("The session was deleted before it could be saved.");
        }
        await SetAsync(sessionKey, data, expireDate, cancellationToken);
        return sessionKey;
    }

    public Task DeleteAsync(string sessionKey, CancellationToken cancellationToken = default) =>
        CallAsync(async () =>
        {
            await _cache.RemoveAsync(CacheKey(sessionKey), cancellationToken);
            return true;
        }, cancellationToken);

    /// <summary>
    /// Always 0: the cache drops each entry itself at its expire date and a cache can't be listed, so there is nothing
    /// to sweep. Django's cache backend has the same no-op <c>clear_expired</c>.
    /// </summary>
    public Task<int> ClearExpiredAsync(CancellationToken cancellationToken = default) => Task.FromResult(0);

    /// <summary>
    /// The cache drops expired entries itself. An in-process memory cache (Django's locmem) loses every session on
    /// restart and is this process's alone; any other <see cref="IDistributedCache"/> (Redis, SQL) outlives it.
    /// </summary>
    public SessionEngineTraits Traits => _cache is MemoryDistributedCache
        ? new(SurvivesRestart: false, SharedAcrossProcesses: false, ClearsExpired: false)
        : new(SurvivesRestart: true, SharedAcrossProcesses: true, ClearsExpired: false);

    /// <summary>The cache entry as stored (its JSON), even one past its expire date that the cache still holds.</summary>
    public async Task<StoredSessionRecord?> ReadRawAsync(string sessionKey, CancellationToken cancellationToken = default)
    {
        var bytes = await GetEntryAsync(sessionKey, cancellationToken);
        if (bytes is null)
        {
            return null;
        }
        var raw = System.Text.Encoding.UTF8.GetString(bytes);
        StoredSession? stored = null;
        try
        {
            stored = JsonSerializer.Deserialize<StoredSession>(bytes);
        }
        catch (JsonException)
        {
            // Not an entry this engine wrote: shown raw, with nothing to decode.
        }
        return new StoredSessionRecord($"cache entry '{CacheKey(sessionKey)}'", raw, stored?.SessionData ?? "", stored?.ExpireDate);
    }

    /// <summary>
    /// Django's <c>cache.set(key, data, expiry_age)</c>: writes unconditionally. A date already past removes the entry
    /// instead (Django: a timeout below zero expires at once; caches reject a past expiration).
    /// </summary>
    internal async Task SetAsync(string sessionKey, JsonObject data, DateTimeOffset expireDate, CancellationToken cancellationToken)
    {
        // The time to live comes from the injected clock, so the cache's own clock only counts the duration down.
        if (expireDate - _time.GetUtcNow() <= TimeSpan.Zero)
        {
            await DeleteAsync(sessionKey, cancellationToken);
            return;
        }
        var encoded = _codec.Encode(data, out JsonObject decoded, _decoded is not null ? InProcessCompressFrom : SessionDataCodec.CompressFrom);
        var entry = await SetStoredAsync(sessionKey, encoded, expireDate, cancellationToken);
        if (entry is not null)
        {
            _decoded?.Remember(entry, decoded, expireDate);
        }
    }

    /// <summary>The live entry's data, as kept (never to be changed), and its stored form: cached_db's load, whose compare-and-swap needs it.</summary>
    internal async Task<LoadedSessionData?> LoadVersionedSharedAsync(string sessionKey, CancellationToken cancellationToken)
    {
        var stored = await ReadAsync(sessionKey, cancellationToken);
        return stored is null ? null : new LoadedSessionData(_codec.DecodeShared(stored.SessionData), stored.SessionData, Shared: true);
    }

    /// <summary>
    /// Writes <paramref name="sessionData"/> as already encoded: cached_db mirrors the row's exact text, so the entry's
    /// version is the row's and a compare-and-swap from a cached load matches (re-encoding would sign a new timestamp).
    /// </summary>
    /// <returns>The entry as written, or null when the date was past and the entry removed instead.</returns>
    internal async Task<byte[]?> SetStoredAsync(string sessionKey, string sessionData, DateTimeOffset expireDate, CancellationToken cancellationToken)
    {
        var timeToLive = expireDate - _time.GetUtcNow();
        if (timeToLive <= TimeSpan.Zero)
        {
            await DeleteAsync(sessionKey, cancellationToken);
            return null;
        }
        var entry = JsonSerializer.SerializeToUtf8Bytes(new StoredSession(sessionData, expireDate.ToUniversalTime()));
        var options = new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = timeToLive };
        await CallAsync(async () =>
        {
            await _cache.SetAsync(CacheKey(sessionKey), entry, options, cancellationToken);
            return true;
        }, cancellationToken);
        return entry;
    }

    private string CacheKey(string sessionKey) => _keyPrefix + sessionKey;

    /// <summary>
    /// Any failure of the cache itself (RedisConnectionException, a timeout, a disposed connection) is "store
    /// unavailable": the middleware answers 503 instead of a 500 or a silently new, empty session.
    /// </summary>
    private async Task<T> CallAsync<T>(Func<Task<T>> operation, CancellationToken cancellationToken)
    {
        try
        {
            return await operation();
        }
        catch (Exception ex) when (IsStoreFailure(ex, cancellationToken))
        {
            throw new SessionStoreUnavailableException(_engineName, ex);
        }
    }

    // A cancellation the caller asked for is passed on as it is; anything else is the cache failing.
    private static bool IsStoreFailure(Exception ex, CancellationToken cancellationToken) =>
        ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested;

    /// <summary>The cache entry: the column names of Django's <c>django_session</c>, so it reads like a row.</summary>
    private sealed record StoredSession(
        [property: JsonPropertyName("session_data")] string SessionData,
        [property: JsonPropertyName("expire_date")] DateTimeOffset ExpireDate);
}
