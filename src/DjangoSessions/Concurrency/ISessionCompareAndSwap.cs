using System.Text.Json.Nodes;

namespace DjangoSessions.Concurrency;

/// <summary>
/// An engine capability (<see cref="ISessionEngine.GetFeature{TFeature}"/>): saving only over the data a request
/// loaded. The per-process write locks cannot see another process's writer; with this, a save that finds the stored
/// data changed since its load reloads, merges its own key-by-key changes onto what is there now, and tries again,
/// so concurrent requests on different nodes keep each other's keys. The version is the stored form of the data
/// itself (Django's <c>session_data</c>), so nothing is added to the store and a Django peer's row stays readable.
/// </summary>
public interface ISessionCompareAndSwap
{
    /// <summary>The live session's data and the version it was stored as; null when unknown or expired.</summary>
    Task<VersionedSessionData?> LoadVersionedAsync(string sessionKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores <paramref name="data"/> if the session is still stored as <paramref name="expectedVersion"/>, and returns
    /// the new version; null when another writer stored something else meanwhile (nothing was written). A session
    /// deleted meanwhile throws <see cref="SessionUpdateException"/>: it is never resurrected.
    /// </summary>
    Task<string?> SaveIfUnchangedAsync(string sessionKey, JsonObject data, DateTimeOffset expireDate, string expectedVersion,
        CancellationToken cancellationToken = default);
}

/// <summary>A session's data and the version (its stored form) it was read at.</summary>
public sealed record VersionedSessionData(JsonObject Data, string Version);
