using System.Text.Json.Nodes;
using DjangoSessions.Catalog;
using DjangoSessions.Concurrency;
using DjangoSessions.Metrics;
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
    private readonly ISessionEngine _engine;
    private readonly SessionWriteLocks _locks;
    // The container's lifecycle resolves its observers on the first save or end: most requests only read, and a
    // read notifies no one, so it should not build the request's catalog observer (and its dependencies) for nothing.
    private readonly IServiceProvider? _observerSource;
    private ISessionLifecycleObserver[]? _observers;
    private readonly SessionStoreMetrics? _metrics;
    private readonly ILogger _logger;
    private SessionIdentity? _identity;
    private readonly ISessionCompareAndSwap? _swap;
    private readonly ISessionSharedLoad? _sharedLoad;

    /// <summary>
    /// The lifecycle the container builds: the configured engine, its locks, metrics, and the observers registered in
    /// <paramref name="services"/> (the request's scope), resolved when first needed.
    /// </summary>
    internal SessionLifecycle(ISessionEngine engine, SessionWriteLocks locks, IServiceProvider services,
        SessionStoreMetrics metrics, ILogger<SessionLifecycle> logger)
        : this(engine, locks, null, metrics, (ILogger)logger)
    {
        _observerSource = services;
    }

    /// <summary>A bare lifecycle over <paramref name="engine"/>: its locks, no observers, no metrics (tools and tests).</summary>
    public SessionLifecycle(ISessionEngine engine)
        : this(engine, SessionWriteLocks.For(engine), [], null, NullLogger.Instance)
    {
    }

    private SessionLifecycle(ISessionEngine engine, SessionWriteLocks locks, ISessionLifecycleObserver[]? observers,
        SessionStoreMetrics? metrics, ILogger logger)
    {
        _engine = engine;
        _locks = locks;
        _observers = observers;
        _metrics = metrics;
        _logger = logger;
        _swap = engine.GetFeature<ISessionCompareAndSwap>();
        _sharedLoad = engine.GetFeature<ISessionSharedLoad>();
    }

    private ISessionLifecycleObserver[] Observers =>
        _observers ??= [.. _observerSource!.GetServices<ISessionLifecycleObserver>()];

    /// <summary>The engine underneath (for its features: <c>Engine.GetFeature&lt;ISessionRecordReader&gt;()</c>).</summary>
    public ISessionEngine Engine => _engine;

    /// <summary>The per-key write locks every writer of this engine shares.</summary>
    public SessionWriteLocks Locks => _locks;

    /// <summary>The engine's <c>load</c>, counted as a read.</summary>
    public Task<JsonObject?> LoadAsync(string sessionKey, CancellationToken cancellationToken)
    {
        _metrics?.Reads.Add(1);
        return _engine.LoadAsync(sessionKey, cancellationToken);
    }

    /// <summary>
    /// Like <see cref="LoadAsync"/>, with the version the data is stored as, on engines that compare and swap
    /// (<see cref="ComparesAndSwaps"/>).
    /// </summary>
    public Task<VersionedSessionData?> LoadVersionedAsync(string sessionKey, CancellationToken cancellationToken)
    {
        var swap = _swap ?? throw new NotSupportedException("This session engine can't compare and swap.");
        _metrics?.Reads.Add(1);
        return swap.LoadVersionedAsync(sessionKey, cancellationToken);
    }

    /// <summary>
    /// The session's own load: the engine's shared dict where it has one (<see cref="ISessionSharedLoad"/>), else
    /// <see cref="LoadVersionedAsync"/> or <see cref="LoadAsync"/>, whose dict is the caller's own. Counted as a read.
    /// </summary>
    internal ValueTask<LoadedSessionData?> LoadForSessionAsync(string sessionKey, CancellationToken cancellationToken)
    {
        if (_sharedLoad is not null)
        {
            // Handed on as it is: every request's read pays no state machine of its own here.
            _metrics?.Reads.Add(1);
            return _sharedLoad.LoadSharedAsync(sessionKey, cancellationToken);
        }
        return LoadOwnAsync(sessionKey, cancellationToken);
    }

    private async ValueTask<LoadedSessionData?> LoadOwnAsync(string sessionKey, CancellationToken cancellationToken)
    {
        if (_swap is not null)
        {
            return await LoadVersionedAsync(sessionKey, cancellationToken) is { } versioned
                ? new LoadedSessionData(versioned.Data, versioned.Version, Shared: false)
                : null;
        }
        return await LoadAsync(sessionKey, cancellationToken) is { } data ? new LoadedSessionData(data, null, Shared: false) : null;
    }

    /// <summary>Whether saves can be conditional on the version loaded (the engine implements <see cref="ISessionCompareAndSwap"/>).</summary>
    public bool ComparesAndSwaps => _swap is not null;

    /// <summary>
    /// The engine's conditional save (hold <see cref="Locks"/> for the key): the new version, or null when the stored
    /// data is no longer <paramref name="expectedVersion"/> (nothing written, nobody told). Observers hear of a save.
    /// </summary>
    public async Task<string?> SaveIfUnchangedAsync(string sessionKey, JsonObject data, DateTimeOffset expireDate, string expectedVersion,
        CancellationToken cancellationToken)
    {
        var swap = _swap ?? throw new NotSupportedException("This session engine can't compare and swap.");
        _metrics?.Writes.Add(1);
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
        if (!_engine.IsWellFormedKey(sessionKey))
        {
            return Task.FromResult(false);
        }
        _metrics?.Reads.Add(1);
        return _engine.ExistsAsync(sessionKey, cancellationToken);
    }

    /// <summary>
    /// The engine's <c>save</c>; updates must hold <see cref="Locks"/> for the key. Observers hear of it afterwards.
    /// Returns the key the session is now stored under.
    /// </summary>
    public async Task<string> SaveAsync(string sessionKey, JsonObject data, DateTimeOffset expireDate, bool mustCreate,
        CancellationToken cancellationToken)
    {
        _metrics?.Writes.Add(1);
        var storedKey = await _engine.SaveAsync(sessionKey, data, expireDate, mustCreate, cancellationToken);
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
        if (!_engine.IsWellFormedKey(sessionKey))
        {
            return;
        }
        var sessionId = StableIdOf(sessionKey);
        using (var held = await _locks.AcquireAsync(sessionKey, cancellationToken))
        {
            _metrics?.Deletes.Add(1);
            await _engine.DeleteAsync(sessionKey, cancellationToken);
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
            fromEngine = await _engine.ClearExpiredAsync(cancellationToken);
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
    public string? StableIdOf(string sessionKey) => (_identity ??= new SessionIdentity(_engine)).StableIdOf(sessionKey);

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
                SessionLifecycleLog.ObserverFailed(_logger, observer.GetType().Name, ex);
            }
        }
    }
}
