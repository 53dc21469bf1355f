using Microsoft.EntityFrameworkCore;

namespace DjangoSessions.EntityFrameworkCore;

/// <summary>What the EF-backed stores (db engine, signed_cookies ledger, catalog) share: fault mapping and batched purges.</summary>
internal static class SessionDbFaults
{
    /// <summary>A database that is locked, read-only, full or gone is "store unavailable" (503), not a crash.</summary>
    public static async Task<T> GuardAsync<T>(string engine, Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (Exception ex) when (SessionDbDialect.AnyIsUnavailable(ex))
        {
            throw new SessionStoreUnavailableException(engine, ex);
        }
    }

    /// <summary>A unique-key violation under an EF save (Django's IntegrityError).</summary>
    public static bool IsDuplicateKey(DbUpdateException exception) => SessionDbDialect.AnyIsDuplicateKey(exception);

    /// <summary>
    /// Deletes the rows of <typeparamref name="TRow"/> that expired before <paramref name="now"/> in batches (the
    /// provider's <see cref="SessionDbDialect.DeleteExpiredBatchAsync"/>): each DELETE holds its locks only briefly, so
    /// logins keep flowing during a big purge. Between two full batches it waits <paramref name="pause"/>, so a purge
    /// sharing a core with the app (the CLI, or the timer on a one-core server) yields the CPU instead of taking it in one
    /// long burst (Django's clearsessions is one DELETE; issue 16 wants E2's p99 under 50 ms during a 500k-row purge). The pause
    /// is wall-clock time on purpose, not the app's <see cref="TimeProvider"/>: it shares a CPU, and an app whose clock is
    /// frozen or moved by hand (tests, time travel) must still finish its purge. Returns how many rows went.
    /// </summary>
    public static async Task<int> DeleteInBatchesAsync<TRow>(DbContext context, System.Linq.Expressions.Expression<Func<TRow, DateTime>> expireDate,
        DateTime now, int batch, TimeSpan pause, CancellationToken cancellationToken)
        where TRow : class
    {
        var dialect = SessionDbDialect.For(context.Database.ProviderName);
        var total = 0;
        int deleted;
        do
        {
            // A turn per batch, not per purge: the requests' writes queued behind a batch go in before the next one.
            using (await SessionDbWriteGate.EnterAsync(context, cancellationToken))
            {
                deleted = await dialect.DeleteExpiredBatchAsync(context, expireDate, now, batch, cancellationToken);
            }
            total += deleted;
            if (deleted == batch && pause > TimeSpan.Zero)
            {
                await Task.Delay(pause, cancellationToken);
            }
        }
        while (deleted == batch);
        return total;
    }
}
