using DjangoSessions.Engines.SignedCookies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DjangoSessions.EntityFrameworkCore;

/// <summary>
/// The signed_cookies revocation ledger in the <c>revoked_sessions</c> table. Every failure to reach the database is
/// <see cref="SessionStoreUnavailableException"/>: a revoked session must never load because the ledger was unreadable.
/// </summary>
internal sealed class RevocationLedger<TContext>(
    IDbContextFactory<TContext> contexts,
    TimeProvider time,
    IOptions<DjangoSessionSettings> settings)
    : ISessionRevocationLedger, IDisposable
    where TContext : DbContext, ISessionLedgerDbContext
{
    // Asked on every load and save of a cookie session: on a connection kept open with the statement prepared, as the
    // db engine reads its rows (LiveSessionReaders). Any row revokes, expired or not, until clearsessions removes it:
    // "expire_date > the epoch" holds for every row (a cookie signed in the very second of its revocation is still
    // within max_age at the row's expire date, so the row must not stop counting then).
    private readonly LiveSessionReaders<TContext> _revocations = new(contexts, db => LiveSessionDataCommand.For<RevokedSession>(db,
        nameof(RevokedSession.SessionId), nameof(RevokedSession.SessionId), nameof(RevokedSession.ExpireDate), "call modelBuilder.AddSessionLedger"));

    public async Task<bool> IsRevokedAsync(string sessionId, CancellationToken cancellationToken)
    {
        // Every request's question: the fault mapping of Guard written out, without its closure and delegate.
        try
        {
            return await _revocations.ReadAsync(sessionId, DateTime.UnixEpoch, cancellationToken) is not null;
        }
        catch (Exception ex) when (SessionDbDialect.AnyIsUnavailable(ex))
        {
            throw new SessionStoreUnavailableException(SessionEngineNames.SignedCookies, ex);
        }
    }

    public void Dispose() => _revocations.Dispose();

    /// <summary>
    /// Refuses every cookie of <paramref name="sessionId"/> from now until now + CookieAge. Counting from now, not from
    /// the cookie being revoked: another request may have re-signed the same session later, and any cookie of it was
    /// signed by now, so none verifies (max_age = CookieAge) after the row expires.
    /// </summary>
    public Task RevokeAsync(string sessionId, CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            var until = time.GetUtcNow().AddSeconds(settings.Value.Cookie.CookieAge).UtcDateTime;
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            // One turn for the update and the insert that may follow (SessionDbWriteGate).
            using var turn = await SessionDbWriteGate.EnterAsync(db, cancellationToken);
            var updated = await db.RevokedSessions.Where(r => r.SessionId == sessionId)
                .ExecuteUpdateAsync(set => set.SetProperty(r => r.ExpireDate, until), cancellationToken);
            if (updated > 0)
            {
                return updated;
            }
            db.RevokedSessions.Add(new RevokedSession { SessionId = sessionId, ExpireDate = until });
            try
            {
                return await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException ex) when (SessionDbFaults.IsDuplicateKey(ex))
            {
                // Revoked by a concurrent request in between: the session is just as revoked.
                return 0;
            }
        });

    /// <summary>clearsessions for the ledger: rows whose cookies can no longer verify; in small batches, as the db engine.</summary>
    public Task<int> ClearExpiredAsync(CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            var now = time.GetUtcNow().UtcDateTime;
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            return await SessionDbFaults.DeleteInBatchesAsync<RevokedSession>(db, r => r.ExpireDate, now,
                settings.Value.Cleanup.CleanupBatchSize, settings.Value.Cleanup.CleanupBatchPause, cancellationToken);
        });

    private static Task<T> Guard<T>(Func<Task<T>> operation) => SessionDbFaults.GuardAsync(SessionEngineNames.SignedCookies, operation);
}
