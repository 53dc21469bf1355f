using System.Text.Json.Nodes;
using DjangoSessions.Catalog;

namespace DjangoSessions.Lifecycle;

/// <summary>A session was written: created (a new key) or updated.</summary>
/// <param name="SessionId">The session's stable id (the key, except on engines whose key changes on every save).</param>
/// <param name="StoredKey">The key it is now stored under (what the cookie will carry).</param>
/// <param name="Data">The data as written; observers must not change it.</param>
/// <param name="ExpireDate">When the store considers it expired.</param>
/// <param name="Created">True for <c>save(must_create=True)</c>.</param>
public sealed record SessionSaved(string SessionId, string StoredKey, JsonObject Data, DateTimeOffset ExpireDate, bool Created);

/// <summary>A session ended, with why.</summary>
public sealed record SessionEnded(string SessionId, SessionEndReason Reason);

/// <summary>
/// Hears what <see cref="SessionLifecycle"/> did, after the engine did it: the session catalog, metrics or a cross-node
/// bus observe the lifecycle instead of wrapping the engine. The engine's result decides the request's outcome; an
/// observer that throws is logged and never fails the request (bookkeeping is not the session).
/// </summary>
public interface ISessionLifecycleObserver
{
    /// <summary>After a successful save.</summary>
    Task OnSavedAsync(SessionSaved saved, CancellationToken cancellationToken);

    /// <summary>After the engine deleted a session (logout, flush, cycle_key, revocation, absolute timeout).</summary>
    Task OnEndedAsync(SessionEnded ended, CancellationToken cancellationToken);

    /// <summary>clearsessions: forget what expired; returns how many entries went.</summary>
    Task<int> OnClearExpiredAsync(CancellationToken cancellationToken);
}
