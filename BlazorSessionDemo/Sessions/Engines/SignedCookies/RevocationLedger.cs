using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BlazorSessionDemo.Sessions.Engines.SignedCookies;

/// <summary>
/// The <c>revoked_sessions</c> table: which signed_cookies sessions were ended before their cookies aged out. Django
/// keeps no such list (its logout only clears the browser's copy, so a replayed cookie logs back in); this is what lets
/// logout, flush and cycle_key really end a cookie session. Every failure to reach the database is
/// <see cref="SessionStoreUnavailableException"/>: a revoked session must never load because the ledger was unreadable.
/// </summary>
internal sealed class RevocationLedger<TContext>(
    IDbContextFactory<TContext> contexts,
    TimeProvider time,
    IOptions<DjangoSessionSettings> settings)
    where TContext : DbContext, ISessionLedgerDbContext
{
    private const int SqliteConstraintViolation = 19;
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteReadOnly = 8;
    private const int SqliteIoError = 10;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;

    public Task<bool> IsRevokedAsync(string sessionId, CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            return await db.RevokedSessions.AnyAsync(r => r.SessionId == sessionId, cancellationToken);
        });

    /// <summary>
    /// Refuses every cookie of <paramref name="sessionId"/> from now until now + CookieAge. Counting from now, not from
    /// the cookie being revoked: another request may have re-signed the same session later, and any cookie of it was
    /// signed by now, so none verifies (max_age = CookieAge) after the row expires.
    /// </summary>
    public Task RevokeAsync(string sessionId, CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            var until = time.GetUtcNow().AddSeconds(settings.Value.CookieAge).UtcDateTime;
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
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
            catch (DbUpdateException ex) when (ex.InnerException is SqliteException { SqliteErrorCode: SqliteConstraintViolation })
            {
                // Revoked by a concurrent request in between: the session is just as revoked.
                return 0;
            }
        });

    /// <summary>clearsessions for the ledger: rows whose cookies can no longer verify; in small batches, as the db engine.</summary>
    public Task<int> ClearExpiredAsync(CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            var batch = settings.Value.CleanupBatchSize;
            var now = time.GetUtcNow().UtcDateTime;
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var total = 0;
            int deleted;
            do
            {
                deleted = await db.RevokedSessions
                    .Where(r => r.ExpireDate < now)
                    .OrderBy(r => r.ExpireDate)
                    .Take(batch)
                    .ExecuteDeleteAsync(cancellationToken);
                total += deleted;
            }
            while (deleted == batch);
            return total;
        });

    private static async Task<T> Guard<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            throw new SessionStoreUnavailableException(SessionEngineNames.SignedCookies, ex);
        }
    }

    /// <summary>The same SQLite faults as the db engine's: locked, read-only, I/O error, full, can't open.</summary>
    private static bool IsUnavailable(Exception ex) => (ex as SqliteException ?? ex.InnerException as SqliteException) is
        { SqliteErrorCode: SqliteBusy or SqliteLocked or SqliteReadOnly or SqliteIoError or SqliteFull or SqliteCantOpen };
}
