namespace DjangoSessions.Engines.SignedCookies;

/// <summary>
/// Where the signed_cookies engine records the sessions ended before their cookies aged out. Django keeps no such list
/// (its logout only clears the browser's copy, so a replayed cookie logs back in); this is what lets logout, flush and
/// cycle_key really end a cookie session. Implementations must throw <see cref="SessionStoreUnavailableException"/>
/// when they cannot answer: a revoked session must never load because the ledger was unreadable.
/// </summary>
public interface ISessionRevocationLedger
{
    /// <summary>Whether every cookie of <paramref name="sessionId"/> is refused.</summary>
    Task<bool> IsRevokedAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>Refuses every cookie of <paramref name="sessionId"/> until any of them would have aged out anyway.</summary>
    Task RevokeAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>clearsessions for the ledger: forgets revocations whose cookies can no longer verify.</summary>
    Task<int> ClearExpiredAsync(CancellationToken cancellationToken);
}
