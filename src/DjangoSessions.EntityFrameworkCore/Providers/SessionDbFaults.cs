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
    /// logins keep flowing during a big purge. Returns how many rows went.
    /// </summary>
    public static async Task<int> DeleteInBatchesAsync<TRow>(DbContext context, System.Linq.Expressions.Expression<Func<TRow, DateTime>> expireDate,
        DateTime now, int batch, CancellationToken cancellationToken)
        where TRow : class
    {
        var dialect = SessionDbDialect.For(context.Database.ProviderName);
        var total = 0;
        int deleted;
        do
        {
            deleted = await dialect.DeleteExpiredBatchAsync(context, expireDate, now, batch, cancellationToken);
            total += deleted;
        }
        while (deleted == batch);
        return total;
    }
}
