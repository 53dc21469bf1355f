using System.Text.Json.Nodes;
using DjangoSessions.Catalog;
using DjangoSessions.Concurrency;
using DjangoSessions.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DjangoSessions.Lifecycle;

/// <summary>
/// The one path between sessions and the engine. Every store round trip of <see cref="DjangoSession"/> (load, save,
/// flush, cycle_key, absolute timeout), every end from outside (admin revocation, "end my other sessions") and
/// clearsessions goes through here: the key's write lock for deletes (so a concurrent save can't resurrect the
/// session), the engine, the store metrics, then the observers (catalog, events) with the reason. Scoped: observers
/// may depend on the request (its client address).
/// </summary>
public sealed class SessionLifecycle
{
    private readonly SessionLifecycleParts _parts;
    // The container's lifecycle resolves its observers on the first save or end: most requests only read, and a
    // read notifies no one, so it should not build the request's catalog observer (and its dependencies) for nothing.
    private readonly IServiceProvider? _observerSource;
    private ISessionLifecycleObserver[]? _observers;
    private readonly HttpContext? _request;

    /// <summary>
    /// The lifecycle the container builds: the configured engine's shared <paramref name="parts"/>, and the observers
    /// registered in <paramref name="services"/> (the request's scope), resolved when first needed; the session
    /// middleware's also knows the <paramref name="request"/> it serves.
    /// </summary>
    internal SessionLifecycle(SessionLifecycleParts parts, IServiceProvider services, HttpContext? request)
    {
        _parts = parts;
        _observerSource = services;
        _request = request;
    }

    /// <summary>A bare lifecycle over <paramref name="engine"/>: its locks, no observers, no metrics (tools and tests).</summary>
    public SessionLifecycle(ISessionEngine engine)
    {
        _parts = new SessionLifecycleParts(engine, SessionWriteLocks.For(engine), null, NullLogger.Instance);
        _observers = [];
    }

    private ISessionLifecycleObserver[] Observers => _observers ??= ResolveObservers();

    private ISessionLifecycleObserver[] ResolveObservers()
    {
        // The catalog records where a session it creates came from (client address, user agent): its scope learns the
        // request here, on the first save or end, instead of from a service resolved on every request, most of which
        // only read their session.
        if (_request is not null)
        {
            _observerSource!.GetService<SessionRequestClient>()?.From(_request);
        }
        return [.. _observerSource!.GetServices<ISessionLifecycleObserver>()];
    }

    /// <summary>The engine underneath (for its features: <c>Engine.GetFeature&lt;ISessionRecordReader&gt;()</c>).</summary>
    public ISessionEngine Engine => _parts.Engine;

    /// <summary>The per-key write locks every writer of this engine shares.</summary>
    public SessionWriteLocks Locks => _parts.Locks;

    /// <summary>The engine's <c>load</c>, counted as a read.</summary>
    public Task<JsonObject?> LoadAsync(string sessionKey, CancellationToken cancellationToken)
    {
        _parts.Metrics?.Reads.Add(1);
        return _parts.Engine.LoadAsync(sessionKey, cancellationToken);
    }

    /// <summary>
    /// Like <see cref="LoadAsync"/>, with the version the data is stored as, on engines that compare and swap
    /// (<see cref="ComparesAndSwaps"/>).
    /// </summary>
    public Task<VersionedSessionData?> LoadVersionedAsync(string sessionKey, CancellationToken cancellationToken)
    {
        var swap = _parts.Swap ?? throw new NotSupportedException("This session engine can't compare and swap.");
        _parts.Metrics?.Reads.Add(1);
        return swap.LoadVersionedAsync(sessionKey, cancellationToken);
    }

    /// <summary>
    /// The session's own load: the engine's shared dict where it has one (<see cref="ISessionSharedLoad"/>), else
    /// <see cref="LoadVersionedAsync"/> or <see cref="LoadAsync"/>, whose dict is the caller's own. Counted as a read.
    /// </summary>
    internal ValueTask<LoadedSessionData?> LoadForSessionAsync(string sessionKey, CancellationToken cancellationToken)
    {
        if (_parts.SharedLoad is not null)
        {
            // Handed on as it is: every request's read pays no state machine of its own here.
            _parts.Metrics?.Reads.Add(1);
            return _parts.SharedLoad.LoadSharedAsync(sessionKey, cancellationToken);
        }
        return LoadOwnAsync(sessionKey, cancellationToken);
    }

    private async ValueTask<LoadedSessionData?> LoadOwnAsync(string sessionKey, CancellationToken cancellationToken)
    {
        if (_parts.Swap is not null)
        {
            return await LoadVersionedAsync(sessionKey, cancellationToken) is { } versioned
                ? new LoadedSessionData(versioned.Data, versioned.Version, Shared: false)
                : null;
        }
        return await LoadAsync(sessionKey, cancellationToken) is { } data ? new LoadedSessionData(data, null, Shared: false) : null;
    }

    /// <summary>Whether saves can be conditional on the version loaded (the engine implements <see cref="ISessionCompareAndSwap"/>).</summary>
    public bool ComparesAndSwaps => _parts.Swap is not null;

    /// <summary>
    /// The engine's conditional save (hold <see cref="Locks"/> for the key): the new version, or null when the stored
    /// data is no longer <paramref name="expectedVersion"/> (nothing written, nobody told). Observers hear of a save.
    /// </summary>
    public async Task<string?> SaveIfUnchangedAsync(string sessionKey, JsonObject data, DateTimeOffset expireDate, string expectedVersion,
        CancellationToken cancellationToken)
    {
        var swap = _parts.Swap ?? throw new NotSupportedException("This session engine can't compare and swap.");
        _parts.Metrics?.Writes.Add(1);
        var version = await swap.SaveIfUnchangedAsync(sessionKey, data, expireDate, expectedVersion, cancellationToken);
        if (version is not null && StableIdOf(sessionKey) is { } sessionId)
        {
            await NotifyAsync(o => o.OnSavedAsync(new SessionSaved(sessionId, sessionKey, data, expireDate, false), CancellationToken.None));
        }
        return version;
    }

    /// <summary>The engine's <c>exists</c>, counted as a read; a key the engine could never issue exists nowhere.</summary>
    public Task<bool> ExistsAsync(string sessionKey, CancellationToken cancellationToken)
    {
        if (!_parts.Engine.IsWellFormedKey(sessionKey))
        {
            return Task.FromResult(false);
        }
        _parts.Metrics?.Reads.Add(1);
        return _parts.Engine.ExistsAsync(sessionKey, cancellationToken);
    }

    /// <summary>
    /// The engine's <c>save</c>; updates must hold <see cref="Locks"/> for the key. Observers hear of it afterwards.
    /// Returns the key the session is now stored under.
    /// </summary>
    public async Task<string> SaveAsync(string sessionKey, JsonObject data, DateTimeOffset expireDate, bool mustCreate,
        CancellationToken cancellationToken)
    {
        _parts.Metrics?.Writes.Add(1);
        var storedKey = await _parts.Engine.SaveAsync(sessionKey, data, expireDate, mustCreate, cancellationToken);
        // A create's key is the new session's id (signed_cookies included); an update's id comes from the stored key.
        if ((mustCreate ? sessionKey : StableIdOf(storedKey)) is { } sessionId)
        {
            await NotifyAsync(o => o.OnSavedAsync(new SessionSaved(sessionId, storedKey, data, expireDate, mustCreate), CancellationToken.None));
        }
        return storedKey;
    }

    /// <summary>
    /// Ends the session <paramref name="sessionKey"/> names, for <paramref name="reason"/>: under the key's write lock
    /// the engine deletes it (the next request with that cookie is anonymous), then the observers forget it and
    /// announce the end. A key the engine could never have issued names nothing and is ignored.
    /// </summary>
    public async Task EndAsync(string sessionKey, SessionEndReason reason, CancellationToken cancellationToken)
    {
        if (!_parts.Engine.IsWellFormedKey(sessionKey))
        {
            return;
        }
        var sessionId = StableIdOf(sessionKey);
        using (var held = await _parts.Locks.AcquireAsync(sessionKey, cancellationToken))
        {
            _parts.Metrics?.Deletes.Add(1);
            await _parts.Engine.DeleteAsync(sessionKey, cancellationToken);
            held.Bump();
        }
        if (sessionId is not null)
        {
            await NotifyAsync(o => o.OnEndedAsync(new SessionEnded(sessionId, reason), CancellationToken.None));
        }
    }

    /// <summary>
    /// clearsessions: the engine's expired sessions (<see cref="ClearExpiredResult.FromEngine"/> is null when the
    /// engine can't list them) and every observer's expired entries (the catalog's, each announced as expired).
    /// </summary>
    public async Task<ClearExpiredResult> ClearExpiredAsync(CancellationToken cancellationToken)
    {
        int? fromEngine;
        try
        {
            fromEngine = await _parts.Engine.ClearExpiredAsync(cancellationToken);
        }
        catch (NotSupportedException)
        {
            fromEngine = null;
        }
        var fromObservers = 0;
        foreach (var observer in Observers)
        {
            fromObservers += await observer.OnClearExpiredAsync(cancellationToken);
        }
        return new ClearExpiredResult(fromEngine, fromObservers);
    }

    /// <summary>The stable id of the session <paramref name="sessionKey"/> names (the key itself on most engines).</summary>
    public string? StableIdOf(string sessionKey) => _parts.Identity.StableIdOf(sessionKey);

    private async Task NotifyAsync(Func<ISessionLifecycleObserver, Task> notify)
    {
        foreach (var observer in Observers)
        {
            try
            {
                await notify(observer);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                SessionLifecycleLog.ObserverFailed(_parts.Logger, observer.GetType().Name, ex);
            }
        }
    }
}
