using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace BlazorSessionDemo.Tests.Contract;

/// <summary>
/// Wraps a real engine and records every store call with the key it was given, so a test can prove that a
/// malformed cookie value never reaches the store (DESIGN "strict keys"; Django validates keys before any lookup).
/// Every call still goes to the real engine.
/// </summary>
public sealed class RecordingSessionEngine(ISessionEngine inner) : ISessionEngine
{
    private readonly ConcurrentQueue<(string Operation, string? Key)> _calls = new();

    public IReadOnlyList<(string Operation, string? Key)> Calls => [.. _calls];

    public Task<JsonObject?> LoadAsync(string sessionKey, CancellationToken cancellationToken = default)
    {
        _calls.Enqueue((nameof(LoadAsync), sessionKey));
        return inner.LoadAsync(sessionKey, cancellationToken);
    }

    public Task<bool> ExistsAsync(string sessionKey, CancellationToken cancellationToken = default)
    {
        _calls.Enqueue((nameof(ExistsAsync), sessionKey));
        return inner.ExistsAsync(sessionKey, cancellationToken);
    }

    public Task<string> SaveAsync(string sessionKey, JsonObject data, DateTimeOffset expireDate, bool mustCreate,
        CancellationToken cancellationToken = default)
    {
        _calls.Enqueue((nameof(SaveAsync), sessionKey));
        return inner.SaveAsync(sessionKey, data, expireDate, mustCreate, cancellationToken);
    }

    public Task DeleteAsync(string sessionKey, CancellationToken cancellationToken = default)
    {
        _calls.Enqueue((nameof(DeleteAsync), sessionKey));
        return inner.DeleteAsync(sessionKey, cancellationToken);
    }

    public Task<int> ClearExpiredAsync(CancellationToken cancellationToken = default)
    {
        _calls.Enqueue((nameof(ClearExpiredAsync), null));
        return inner.ClearExpiredAsync(cancellationToken);
    }

    public bool IsWellFormedKey(string? sessionKey) => inner.IsWellFormedKey(sessionKey);
}
