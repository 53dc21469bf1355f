using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace BlazorSessionDemo.Sessions.Engines.Db;

/// <summary>What the SQLite-backed stores (the db engine, the signed_cookies ledger) share: fault mapping and batched purges.</summary>
internal static class SqliteStoreFaults
{
    /// <summary>SQLITE_CONSTRAINT: a primary key already taken (Django's IntegrityError → CreateError).</summary>
    public const int ConstraintViolation = 19;

    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteReadOnly = 8;
    private const int SqliteIoError = 10;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;

    /// <summary>A database that is locked, read-only, full or gone is "store unavailable" (503), not a crash.</summary>
    public static async Task<T> GuardAsync<T>(string engine, Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            throw new SessionStoreUnavailableException(engine, ex);
        }
    }

    /// <summary>
    /// Deletes the rows of <paramref name="expired"/> (ordered) in batches: each DELETE holds SQLite's write lock only
    /// briefly, so logins keep flowing during a big purge. Returns how many rows went.
    /// </summary>
    public static async Task<int> DeleteInBatchesAsync<TRow>(IQueryable<TRow> expired, int batch, CancellationToken cancellationToken)
    {
        var total = 0;
        int deleted;
        do
        {
            deleted = await expired.Take(batch).ExecuteDeleteAsync(cancellationToken);
            total += deleted;
        }
        while (deleted == batch);
        return total;
    }

    private static bool IsUnavailable(Exception ex) => (ex as SqliteException ?? ex.InnerException as SqliteException) is
        { SqliteErrorCode: SqliteBusy or SqliteLocked or SqliteReadOnly or SqliteIoError or SqliteFull or SqliteCantOpen };
}
