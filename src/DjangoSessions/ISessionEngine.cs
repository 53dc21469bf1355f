using System.Text.Json.Nodes;

namespace DjangoSessions;

/// <summary>
/// A storage engine: Django's backend primitives (<c>exists</c>, <c>save(must_create)</c>, <c>delete</c>, <c>load</c>,
/// <c>clear_expired</c>). Engines store and return the session dict; the per-request <see cref="DjangoSession"/>
/// owns keys, expiry and the dict API.
/// </summary>
public interface ISessionEngine
{
    /// <summary>The session's data, or null when the key is unknown, expired or its data can't be read.</summary>
    Task<JsonObject?> LoadAsync(string sessionKey, CancellationToken cancellationToken = default);

    /// <summary>Whether a live session is stored under <paramref name="sessionKey"/>.</summary>
    Task<bool> ExistsAsync(string sessionKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the session and returns the key it is now stored under: <paramref name="sessionKey"/> for server-side
    /// stores; a new value for engines whose key carries the data (signed_cookies). With <paramref name="mustCreate"/> a
    /// key already in use throws <see cref="SessionCreateException"/> (the caller picks a new key); without it a key
    /// that is gone throws <see cref="SessionUpdateException"/> (a session deleted elsewhere is never resurrected).
    /// </summary>
    Task<string> SaveAsync(string sessionKey, JsonObject data, DateTimeOffset expireDate, bool mustCreate, CancellationToken cancellationToken = default);

    /// <summary>Deletes the session stored under <paramref name="sessionKey"/>; a key that is gone is no error.</summary>
    Task DeleteAsync(string sessionKey, CancellationToken cancellationToken = default);

    /// <summary>Removes expired sessions and returns how many; engines that can't list throw <see cref="NotSupportedException"/>.</summary>
    Task<int> ClearExpiredAsync(CancellationToken cancellationToken = default);

    /// <summary>One cheap round trip to the store, for health checks; throws <see cref="SessionStoreUnavailableException"/> when it is down.</summary>
    Task PingAsync(CancellationToken cancellationToken = default) => ExistsAsync(SessionKeys.Generate(), cancellationToken);

    /// <summary>Whether a cookie value can name a session in this engine at all; anything else is no session.</summary>
    bool IsWellFormedKey(string? sessionKey) => SessionKeys.IsWellFormed(sessionKey);

    /// <summary>What the store is like (survives a restart, shared by processes, needs clear_expired).</summary>
    SessionEngineTraits Traits => SessionEngineTraits.Persistent;

    /// <summary>
    /// An optional capability of the engine (<see cref="ISessionRecordReader"/>, <see cref="Catalog.ISessionStableId"/>),
    /// or null when it has none. Wrappers forward this, so a capability is never lost or re-declared on the way.
    /// </summary>
    TFeature? GetFeature<TFeature>() where TFeature : class => this as TFeature;
}
