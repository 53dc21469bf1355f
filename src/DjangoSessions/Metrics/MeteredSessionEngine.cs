using System.Text.Json.Nodes;

namespace DjangoSessions.Metrics;

/// <summary>
/// Counts every store round trip of the engine it wraps (<see cref="SessionStoreMetrics"/>) and otherwise forwards
/// everything unchanged, including the engine's own key rule and ping.
/// </summary>
internal class MeteredSessionEngine(ISessionEngine inner, SessionStoreMetrics metrics) : ISessionEngine
{
    /// <summary>The engine being counted.</summary>
    public ISessionEngine Inner => inner;

    /// <summary>The engine under the meter (for code and tests that need the concrete engine).</summary>
    public static ISessionEngine Unwrap(ISessionEngine engine) => engine is MeteredSessionEngine metered ? metered.Inner : engine;

    /// <summary>Wraps <paramref name="engine"/>, keeping <see cref="ISessionRecordReader"/> visible when the engine has it.</summary>
    public static ISessionEngine Wrap(ISessionEngine engine, SessionStoreMetrics metrics) => engine switch
    {
        MeteredSessionEngine => engine,
        ISessionRecordReader => new MeteredRecordReadingSessionEngine(engine, metrics),
        _ => new MeteredSessionEngine(engine, metrics),
    };

    public Task<JsonObject?> LoadAsync(string sessionKey, CancellationToken cancellationToken = default)
    {
        metrics.Reads.Add(1);
        return inner.LoadAsync(sessionKey, cancellationToken);
    }

    public Task<bool> ExistsAsync(string sessionKey, CancellationToken cancellationToken = default)
    {
        metrics.Reads.Add(1);
        return inner.ExistsAsync(sessionKey, cancellationToken);
    }

    public Task<string> SaveAsync(string sessionKey, JsonObject data, DateTimeOffset expireDate, bool mustCreate,
        CancellationToken cancellationToken = default)
    {
        metrics.Writes.Add(1);
        return inner.SaveAsync(sessionKey, data, expireDate, mustCreate, cancellationToken);
    }

    public Task DeleteAsync(string sessionKey, CancellationToken cancellationToken = default)
    {
        metrics.Deletes.Add(1);
        return inner.DeleteAsync(sessionKey, cancellationToken);
    }

    public Task<int> ClearExpiredAsync(CancellationToken cancellationToken = default) => inner.ClearExpiredAsync(cancellationToken);

    // Health checks are not session traffic: not counted.
    public Task PingAsync(CancellationToken cancellationToken = default) => inner.PingAsync(cancellationToken);

    public bool IsWellFormedKey(string? sessionKey) => inner.IsWellFormedKey(sessionKey);
}

/// <summary>The metered engine for engines that can show their stored record (the playground reads it raw).</summary>
internal sealed class MeteredRecordReadingSessionEngine(ISessionEngine inner, SessionStoreMetrics metrics)
    : MeteredSessionEngine(inner, metrics), ISessionRecordReader
{
    // A raw read is the playground looking at the store, not the session path: not counted.
    public Task<StoredSessionRecord?> ReadRawAsync(string sessionKey, CancellationToken cancellationToken = default) =>
        ((ISessionRecordReader)Inner).ReadRawAsync(sessionKey, cancellationToken);
}
