using DjangoSessions.Lifecycle;

namespace DjangoSessions.Catalog;

/// <summary>
/// Ends sessions from outside them (an admin, or their user from another session): the engine deletes each (the next
/// request with its cookie is anonymous), the catalog forgets it, and the end is announced so its open pages leave.
/// Who may end what is the caller's decision, checked on the server before each call.
/// </summary>
public sealed class SessionRevocation(SessionLifecycle lifecycle, ISessionCatalog catalog)
{
    /// <summary>Ends the sessions listed under these catalog ids; returns how many were found and ended.</summary>
    public async Task<int> EndAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default)
    {
        var handles = await catalog.FindHandlesAsync(ids, cancellationToken);
        foreach (var handle in handles)
        {
            await EndAsync(handle, cancellationToken);
        }
        return handles.Count;
    }

    /// <summary>Ends every session of <paramref name="userId"/>, except the one named by <paramref name="keepFingerprint"/>.</summary>
    public async Task<int> EndAllOfUserAsync(string userId, string? keepFingerprint = null, CancellationToken cancellationToken = default)
    {
        var ended = 0;
        foreach (var handle in await catalog.FindHandlesOfUserAsync(userId, cancellationToken))
        {
            if (SessionFingerprint.Of(handle.SessionId) == keepFingerprint)
            {
                continue;
            }
            await EndAsync(handle, cancellationToken);
            ended++;
        }
        return ended;
    }

    /// <summary>
    /// clearsessions: the engine's expired sessions (null when the engine can't list them) and the catalog's expired
    /// entries, each announced.
    /// </summary>
    public Task<ClearExpiredResult> ClearExpiredAsync(CancellationToken cancellationToken = default) =>
        lifecycle.ClearExpiredAsync(cancellationToken);

    // The one path: the key's write lock, the engine, metrics, then the catalog and the "revoked" announcement.
    private Task EndAsync(SessionHandle handle, CancellationToken cancellationToken) =>
        lifecycle.EndAsync(handle.SessionKey, SessionEndReason.Revoked, cancellationToken);
}

/// <summary>What clearsessions removed: from the engine (null = the engine can't list) and from the catalog.</summary>
public sealed record ClearExpiredResult(int? FromEngine, int FromCatalog);
