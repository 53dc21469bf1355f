using System.Text.Json.Nodes;
using BlazorSessionDemo.Sessions.Engines.Db;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BlazorSessionDemo.Sessions.Engines;

/// <summary>
/// <c>django.contrib.sessions.backends.db</c> on EF Core: one row per session in Django's <c>django_session</c>
/// table. Each operation uses its own short-lived context from the factory, so the engine is safe to call from
/// <c>Response.OnStarting</c> whatever the page did with its own context.
/// </summary>
public sealed class DbSessionEngine<TContext>(
    IDbContextFactory<TContext> contexts,
    SessionDataCodec codec,
    TimeProvider time,
    IOptions<DjangoSessionSettings> settings) : ISessionEngine, ISessionRecordReader
    where TContext : DbContext, ISessionDbContext
{
    private const int SqliteConstraintViolation = 19;
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteReadOnly = 8;
    private const int SqliteIoError = 10;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;

    public Task<JsonObject?> LoadAsync(string sessionKey, CancellationToken cancellationToken = default) =>
        Guard(() => LoadCoreAsync(sessionKey, cancellationToken));

    public Task<bool> ExistsAsync(string sessionKey, CancellationToken cancellationToken = default) =>
        Guard(() => ExistsCoreAsync(sessionKey, cancellationToken));

    public Task<string> SaveAsync(string sessionKey, JsonObject data, DateTimeOffset expireDate, bool mustCreate,
        CancellationToken cancellationToken = default) =>
        Guard(() => SaveCoreAsync(sessionKey, data, expireDate, mustCreate, cancellationToken));

    public Task DeleteAsync(string sessionKey, CancellationToken cancellationToken = default) =>
        Guard(async () =>
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            return await db.DjangoSessions.Where(s => s.SessionKey == sessionKey).ExecuteDeleteAsync(cancellationToken);
        });

    public Task<int> ClearExpiredAsync(CancellationToken cancellationToken = default) =>
        Guard(() => ClearExpiredCoreAsync(cancellationToken));

    /// <summary>The <c>django_session</c> row as stored, expired or not.</summary>
    public Task<StoredSessionRecord?> ReadRawAsync(string sessionKey, CancellationToken cancellationToken = default) =>
        Guard(async () =>
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var row = await db.DjangoSessions.AsNoTracking().FirstOrDefaultAsync(s => s.SessionKey == sessionKey, cancellationToken);
            return row is null ? null : new StoredSessionRecord($"django_session row (session_key = '{row.SessionKey}')",
                row.SessionData, row.SessionData, new DateTimeOffset(DateTime.SpecifyKind(row.ExpireDate, DateTimeKind.Utc)));
        });

    private async Task<JsonObject?> LoadCoreAsync(string sessionKey, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var data = await db.DjangoSessions.AsNoTracking()
            .Where(s => s.SessionKey == sessionKey && s.ExpireDate > now)
            .Select(s => s.SessionData)
            .FirstOrDefaultAsync(cancellationToken);
        // Unknown or expired: null, so the key is dropped. Corrupt data decodes to {} and keeps the key, as in Django.
        return data is null ? null : codec.Decode(data);
    }

    private async Task<bool> ExistsCoreAsync(string sessionKey, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.DjangoSessions.AnyAsync(s => s.SessionKey == sessionKey, cancellationToken);
    }

    private async Task<string> SaveCoreAsync(string sessionKey, JsonObject data, DateTimeOffset expireDate, bool mustCreate,
        CancellationToken cancellationToken)
    {
        var encoded = codec.Encode(data);
        var expires = expireDate.UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (mustCreate)
        {
            db.DjangoSessions.Add(new DjangoSessionRow { SessionKey = sessionKey, SessionData = encoded, ExpireDate = expires });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException ex) when (ex.InnerException is SqliteException { SqliteErrorCode: SqliteConstraintViolation })
            {
                throw new SessionCreateException("Session key already in use.");
            }
            return sessionKey;
        }
        // force_update: an UPDATE that touches no row means the session was deleted meanwhile; never re-insert it.
        var updated = await db.DjangoSessions
            .Where(s => s.SessionKey == sessionKey)
            .ExecuteUpdateAsync(set => set
                .SetProperty(s => s.SessionData, encoded)
                .SetProperty(s => s.ExpireDate, expires), cancellationToken);
        if (updated == 0)
        {
            throw new SessionUpdateException("The session was deleted before it could be saved.");
        }
        return sessionKey;
    }

    private async Task<int> ClearExpiredCoreAsync(CancellationToken cancellationToken)
    {
        var batch = settings.Value.CleanupBatchSize;
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var total = 0;
        int deleted;
        do
        {
            // Small batches: each DELETE holds SQLite's write lock only briefly, so logins keep flowing during a purge.
            deleted = await db.DjangoSessions
                .Where(s => s.ExpireDate < now)
                .OrderBy(s => s.ExpireDate)
                .Take(batch)
                .ExecuteDeleteAsync(cancellationToken);
            total += deleted;
        }
        while (deleted == batch);
        return total;
    }

    /// <summary>A database that is locked, read-only, full or gone is "store unavailable" (503), not a crash.</summary>
    private static async Task<T> Guard<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            throw new SessionStoreUnavailableException(SessionEngineNames.Db, ex);
        }
    }

    private static bool IsUnavailable(Exception ex) => (ex as SqliteException ?? ex.InnerException as SqliteException) is
        { SqliteErrorCode: SqliteBusy or SqliteLocked or SqliteReadOnly or SqliteIoError or SqliteFull or SqliteCantOpen };
}
