using DjangoSessions.Concurrency;
using DjangoSessions.Catalog;
using DjangoSessions.Engines;
using DjangoSessions.Lifecycle;
using System.Text.Json.Nodes;
using DjangoSessions.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DjangoSessions.EntityFrameworkCore;

/// <summary>
/// <c>django.contrib.sessions.backends.cached_db</c>: the db engine is the store of record, a cache in front of it
/// serves reads. Writes go through (database first, then cache); reads try the cache, fall back to the database and
/// refill the cache; deletes remove both. The cache is an optimisation only: when it can't be reached the engine
/// logs a warning and works from the database alone.
/// </summary>
internal sealed class CachedDbSessionEngine<TContext> : ISessionEngine, ISessionRecordReader, ISessionCompareAndSwap, ISessionSharedLoad, ISessionExpiredCount, IDisposable
    where TContext : DbContext, ISessionDbContext
{
    private readonly CacheSessionEngine _cache;
    private readonly DbSessionEngine<TContext> _db;
    private readonly ILogger _logger;
    private readonly PendingCacheDeletes _pendingDeletes = new();
    private readonly OtherNodesCacheInvalidation _otherNodes;

    public CachedDbSessionEngine(
        [FromKeyedServices(CacheSessionEngine.SessionCacheServiceKey)] IDistributedCache cache,
        DbSessionEngine<TContext> db,
        SessionDataCodec codec,
        TimeProvider time,
        ILogger<CachedDbSessionEngine<TContext>> logger,
        ISessionEventBus? events = null)
    {
        // Django's cached_db has its own key prefix, so switching engines never serves the cache engine's entries.
        _cache = new CacheSessionEngine(cache, codec, time, CacheSessionEngine.CachedDbKeyPrefix, SessionEngineNames.CachedDb);
        _db = db;
        _logger = logger;
        _otherNodes = new OtherNodesCacheInvalidation(events, !_cache.Traits.SharedAcrossProcesses,
            key => _ = _cache.DeleteAsync(key), time);
    }

    /// <summary>The versioned load's data: the cache's entry when trusted, else the row (refilling the cache).</summary>
    public async Task<JsonObject?> LoadAsync(string sessionKey, CancellationToken cancellationToken = default) =>
        (await LoadVersionedAsync(sessionKey, cancellationToken))?.Data;

    /// <summary>The cache's entry when trusted (the row's exact text, so its version is the row's), else the row.</summary>
    public async Task<VersionedSessionData?> LoadVersionedAsync(string sessionKey, CancellationToken cancellationToken = default) =>
        (await ((ISessionSharedLoad)this).LoadSharedAsync(sessionKey, cancellationToken))?.ToVersioned();

    /// <summary><see cref="LoadVersionedAsync"/> without the copy, for the session's own load (never to be changed).</summary>
    async ValueTask<LoadedSessionData?> ISessionSharedLoad.LoadSharedAsync(string sessionKey, CancellationToken cancellationToken)
    {
        var cached = await CacheIsTrustedForAsync(sessionKey, cancellationToken)
            ? await TryCacheAsync(c => c.LoadVersionedSharedAsync(sessionKey, cancellationToken), "load", fallback: null)
            : null;
        if (cached is not null)
        {
            return cached;
        }
        var stamp = _otherNodes.Stamp();
        var stored = await ((ISessionSharedLoad)_db).LoadSharedAsync(sessionKey, cancellationToken);
        if (stored is not null)
        {
            await RefillCacheAsync(sessionKey, stamp, cancellationToken);
        }
        return stored;
    }

    /// <summary>
    /// The db engine's compare-and-swap, then the cache (Django's order: database first). A miss means the cached
    /// version was stale (another node wrote): the entry is dropped, so the retry's reload reads the row.
    /// </summary>
    public async Task<string?> SaveIfUnchangedAsync(string sessionKey, JsonObject data, DateTimeOffset expireDate, string expectedVersion,
        CancellationToken cancellationToken = default)
    {
        string? version;
        try
        {
            version = await _db.SaveIfUnchangedAsync(sessionKey, data, expireDate, expectedVersion, cancellationToken);
        }
        catch (SessionUpdateException)
        {
            await DropCacheEntryAsync(sessionKey, cancellationToken);
            throw;
        }
        if (version is null)
        {
            await DropCacheEntryAsync(sessionKey, cancellationToken);
            return null;
        }
        await SetCacheAsync(sessionKey, version, expireDate, cancellationToken);
        _otherNodes.AnnounceSaved(sessionKey);
        return version;
    }

    /// <summary>Django: in the cache, or else in the database.</summary>
    public async Task<bool> ExistsAsync(string sessionKey, CancellationToken cancellationToken = default) =>
        (await CacheIsTrustedForAsync(sessionKey, cancellationToken)
            && await TryCacheAsync(c => c.ExistsAsync(sessionKey, cancellationToken), "exists", fallback: false))
        || await _db.ExistsAsync(sessionKey, cancellationToken);

    /// <summary>False while a delete of this key's cache entry is still owed (the cache was down at delete time).</summary>
    private async Task<bool> CacheIsTrustedForAsync(string sessionKey, CancellationToken cancellationToken)
    {
        if (!_pendingDeletes.Contains(sessionKey))
        {
            return true;
        }
        var deleted = await TryCacheAsync(async c => { await c.DeleteAsync(sessionKey, cancellationToken); return true; }, "delete", false);
        if (deleted)
        {
            _pendingDeletes.Remove(sessionKey);
        }
        return false;
    }

    public async Task<string> SaveAsync(string sessionKey, JsonObject data, DateTimeOffset expireDate, bool mustCreate,
        CancellationToken cancellationToken = default)
    {
        try
        {
            // The database decides must_create and force_update; the cache only ever mirrors a row that was written.
            await _db.SaveAsync(sessionKey, data, expireDate, mustCreate, cancellationToken);
        }
        catch (SessionUpdateException)
        {
            // The row is gone (deleted behind this engine's back): an entry left in the cache must not keep it alive.
            await DropCacheEntryAsync(sessionKey, cancellationToken);
            throw;
        }
        await TryCacheAsync(async c => { await c.SetAsync(sessionKey, data, expireDate, cancellationToken); return true; }, "save", false);
        _otherNodes.Cached(sessionKey, expireDate);
        if (!mustCreate)
        {
            // A new key is in no other node's cache; an updated one may be.
            _otherNodes.AnnounceSaved(sessionKey);
        }
        return sessionKey;
    }

    private Task DropCacheEntryAsync(string sessionKey, CancellationToken cancellationToken)
    {
        _otherNodes.Forgot(sessionKey);
        return TryCacheAsync(async c => { await c.DeleteAsync(sessionKey, cancellationToken); return true; }, "delete", false);
    }

    private async Task SetCacheAsync(string sessionKey, string sessionData, DateTimeOffset expireDate, CancellationToken cancellationToken)
    {
        await TryCacheAsync(async c => { await c.SetStoredAsync(sessionKey, sessionData, expireDate, cancellationToken); return true; }, "save", false);
        _otherNodes.Cached(sessionKey, expireDate);
    }

    /// <summary>
    /// Database first, then the cache: after a flush or cycle_key the old key must not load from a stale entry
    /// (Django's CVE-2015-3982). If the cache can't be reached the key is remembered and the cache is not trusted for
    /// it until the delete goes through (logged on its own line), so the session stays ended when the cache returns.
    /// </summary>
    public async Task DeleteAsync(string sessionKey, CancellationToken cancellationToken = default)
    {
        await _db.DeleteAsync(sessionKey, cancellationToken);
        _otherNodes.Forgot(sessionKey);
        try
        {
            await _cache.DeleteAsync(sessionKey, cancellationToken);
        }
        catch (SessionStoreUnavailableException ex)
        {
            CachedDbLog.StaleEntryMayRemain(_logger, ex);
            _pendingDeletes.Add(sessionKey);
        }
    }

    /// <summary>The database's clear_expired; the cache drops its entries at their expire date by itself.</summary>
    public Task<int> ClearExpiredAsync(CancellationToken cancellationToken = default) => _db.ClearExpiredAsync(cancellationToken);

    /// <summary>The table is the store of record, so its expired rows are what clearsessions removes.</summary>
    public Task<int> CountExpiredAsync(CancellationToken cancellationToken = default) => _db.CountExpiredAsync(cancellationToken);

    /// <summary>
    /// The row (the store of record), saying whether the cache holds an entry too. With no row, an entry the cache
    /// still holds is what loads would serve, so that is shown instead.
    /// </summary>
    public async Task<StoredSessionRecord?> ReadRawAsync(string sessionKey, CancellationToken cancellationToken = default)
    {
        var row = await _db.ReadRawAsync(sessionKey, cancellationToken);
        var entry = await TryCacheAsync(c => c.ReadRawAsync(sessionKey, cancellationToken), "read", fallback: null);
        if (row is null)
        {
            return entry is null ? null : entry with { Location = entry.Location + " (no django_session row)" };
        }
        var cached = entry is null ? "no cache entry" : $"also in the {entry.Location}";
        return row with { Location = $"{row.Location}; {cached}" };
    }

    /// <summary>
    /// Puts a session read from the database back into the cache, as the row holds it now, until the row's own expire
    /// date (Django: <c>get_expiry_age(expiry=s.expire_date)</c>), never longer, so a refill can't extend a session. Not
    /// when another node saved or ended it since the read began (<paramref name="stamp"/>): the copy would be stale.
    /// </summary>
    private async Task RefillCacheAsync(string sessionKey, long stamp, CancellationToken cancellationToken)
    {
        StoredSessionRecord? row;
        try
        {
            row = await _db.ReadRawAsync(sessionKey, cancellationToken);
        }
        catch (SessionStoreUnavailableException ex)
        {
            // The data was read a moment ago; without the date the cache simply stays empty for this key.
            CachedDbLog.CacheRefillSkipped(_logger, ex);
            return;
        }
        if (row?.ExpireDate is not { } expires || _otherNodes.ChangedSince(sessionKey, stamp))
        {
            return; // deleted or changed in between: nothing (current) to cache
        }
        await SetCacheAsync(sessionKey, row.SessionData, expires, cancellationToken);
        if (_otherNodes.ChangedSince(sessionKey, stamp))
        {
            // Another node's news arrived while the entry was being written: it must not outlive that news.
            await DropCacheEntryAsync(sessionKey, cancellationToken);
        }
    }

    /// <summary>Runs a cache call; when the cache is unavailable, logs a warning and answers <paramref name="fallback"/>.</summary>
    private async Task<T> TryCacheAsync<T>(Func<CacheSessionEngine, Task<T>> operation, string operationName, T fallback)
    {
        try
        {
            return await operation(_cache);
        }
        catch (SessionStoreUnavailableException ex)
        {
            CachedDbLog.CacheUnavailable(_logger, operationName, ex);
            return fallback;
        }
    }

    public void Dispose() => _otherNodes.Dispose();
}
