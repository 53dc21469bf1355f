using DjangoSessions.Catalog;
using DjangoSessions.Concurrency;
using DjangoSessions.Metrics;
using Microsoft.Extensions.Logging;

namespace DjangoSessions.Lifecycle;

/// <summary>
/// What every <see cref="SessionLifecycle"/> of one engine shares: the engine and the features it was asked for once,
/// its write locks, metrics and logger. A lifecycle is made for every request; holding these in one shared object
/// keeps it at four references (with its scope, observers and request), and the engine is not asked for its features again on every request.
/// </summary>
internal sealed class SessionLifecycleParts
{
    public SessionLifecycleParts(ISessionEngine engine, SessionWriteLocks locks, SessionStoreMetrics? metrics, ILogger logger)
    {
        Engine = engine;
        Locks = locks;
        Metrics = metrics;
        Logger = logger;
        Swap = engine.GetFeature<ISessionCompareAndSwap>();
        SharedLoad = engine.GetFeature<ISessionSharedLoad>();
        Identity = new SessionIdentity(engine);
    }

    public ISessionEngine Engine { get; }

    public SessionWriteLocks Locks { get; }

    public SessionStoreMetrics? Metrics { get; }

    public ILogger Logger { get; }

    public ISessionCompareAndSwap? Swap { get; }

    public ISessionSharedLoad? SharedLoad { get; }

    public SessionIdentity Identity { get; }
}
