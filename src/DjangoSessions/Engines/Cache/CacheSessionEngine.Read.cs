using System.Text.Json;
using DjangoSessions.Lifecycle;
using Microsoft.Extensions.Caching.Distributed;

namespace DjangoSessions.Engines;

/// <summary>Reading an entry: every request's load, synchronous on an in-process cache.</summary>
internal sealed partial class CacheSessionEngine
{
    /// <summary>
    /// <see cref="LoadAsync"/> without the copy, for the session's own load (never to be changed). An entry read at once
    /// (an in-process cache, see <see cref="GetEntryAsync"/>) is answered without a state machine; an entry written here
    /// comes back as the load made when it was written.
    /// </summary>
    ValueTask<LoadedSessionData?> ISessionSharedLoad.LoadSharedAsync(string sessionKey, CancellationToken cancellationToken)
    {
        var entry = GetEntryAsync(sessionKey, cancellationToken);
        return entry.IsCompletedSuccessfully ? new(Loaded(entry.Result)) : LoadedLaterAsync(entry);
    }

    private async ValueTask<LoadedSessionData?> LoadedLaterAsync(ValueTask<byte[]?> entry) => Loaded(await entry);

    private LoadedSessionData? Loaded(byte[]? bytes)
    {
        if (bytes is not null && _decoded is not null && _decoded.TryGetShared(bytes, out var kept, out var expireDate))
        {
            return expireDate > _time.GetUtcNow() ? kept : null;
        }
        var stored = Read(bytes);
        // Gone, expired or unreadable: null, so the key is dropped. Data failing its signature decodes to {} as in db.
        return stored is null ? null : new LoadedSessionData(_codec.DecodeShared(stored.SessionData), null, Shared: true);
    }

    /// <summary>The stored entry if it is there, readable and not past its expire date by the injected clock.</summary>
    private async Task<StoredSession?> ReadAsync(string sessionKey, CancellationToken cancellationToken) =>
        Read(await GetEntryAsync(sessionKey, cancellationToken));

    /// <summary>
    /// Every read of an entry. An in-process cache answers at once (its GetAsync is Get in a finished task), so it is
    /// read synchronously: no task per request. Fault mapping written out rather than through CallAsync, whose closure
    /// and delegate every request would pay.
    /// </summary>
    private ValueTask<byte[]?> GetEntryAsync(string sessionKey, CancellationToken cancellationToken) =>
        _cache is MemoryDistributedCache memory
            ? new(GetEntryNow(memory, sessionKey, cancellationToken))
            : new(GetEntryFromStoreAsync(sessionKey, cancellationToken));

    private async Task<byte[]?> GetEntryFromStoreAsync(string sessionKey, CancellationToken cancellationToken)
    {
        try
        {
            return await _cache.GetAsync(CacheKey(sessionKey), cancellationToken);
        }
        catch (Exception ex) when (IsStoreFailure(ex, cancellationToken))
        {
            throw new SessionStoreUnavailableException(_engineName, ex);
        }
    }

    private byte[]? GetEntryNow(MemoryDistributedCache memory, string sessionKey, CancellationToken cancellationToken)
    {
        try
        {
            // As its GetAsync does: a request already cancelled stops here.
            cancellationToken.ThrowIfCancellationRequested();
            return memory.Get(CacheKey(sessionKey));
        }
        catch (Exception ex) when (IsStoreFailure(ex, cancellationToken))
        {
            throw new SessionStoreUnavailableException(_engineName, ex);
        }
    }

    private StoredSession? Read(byte[]? bytes)
    {
        if (bytes is null)
        {
            return null;
        }
        StoredSession? stored;
        try
        {
            stored = JsonSerializer.Deserialize<StoredSession>(bytes);
        }
        catch (JsonException)
        {
            // Not an entry this engine wrote: treat it like a lost entry (logged out), never as an error page.
            return null;
        }
        // The cache may run on another clock (Redis's, or the real one under a test's FakeTimeProvider): the stored
        // expire date decides, so expiry follows the same TimeProvider as every other engine.
        return stored?.SessionData is not null && stored.ExpireDate > _time.GetUtcNow() ? stored : null;
    }
}
