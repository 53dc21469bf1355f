using System.Text.Json.Nodes;
using DjangoSessions.Concurrency;
using DjangoSessions.Lifecycle;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DjangoSessions.EntityFrameworkCore;

/// <summary>
/// <c>django.contrib.sessions.backends.db</c> on EF Core: one row per session in Django's <c>django_session</c>
/// table. Each operation uses its own short-lived context from the factory, so the engine is safe to call from
/// <c>Response.OnStarting</c> whatever the page did with its own context.
/// </summary>
internal sealed class DbSessionEngine<TContext>(
    IDbContextFactory<TContext> contexts,
    SessionDataCodec codec,
    TimeProvider time,
    IOptions<DjangoSessionSettings> settings) : ISessionEngine, ISessionRecordReader, ISessionCompareAndSwap, ISessionSharedLoad, ISessionExpiredCount, IDisposable
    where TContext : DbContext, ISessionDbContext
{
    // The read of every request that loads a session: a prepared command on a connection kept open.
    private readonly LiveSessionReaders<TContext> _liveSessionData = new(contexts);
    private SessionRowUpdateCommand? _update;

    public Task<JsonObject?> LoadAsync(string sessionKey, CancellationToken cancellationToken = default) =>
        Guard(() => LoadCoreAsync(sessionKey, cancellationToken));

    public async Task<VersionedSessionData?> LoadVersionedAsync(string sessionKey, CancellationToken cancellationToken = default) =>
        (await ((ISessionSharedLoad)this).LoadSharedAsync(sessionKey, cancellationToken))?.ToVersioned();

    /// <summary><see cref="LoadVersionedAsync"/> without the copy, for the session's own load (never to be changed).</summary>
    async ValueTask<LoadedSessionData?> ISessionSharedLoad.LoadSharedAsync(string sessionKey, CancellationToken cancellationToken)
    {
        // Every request's read: the fault mapping of Guard written out, without its closure and delegate.
        string? data;
        try
        {
            data = await ReadLiveAsync(sessionKey, cancellationToken);
        }
        catch (Exception ex) when (SessionDbDialect.AnyIsUnavailable(ex))
        {
            throw new SessionStoreUnavailableException(SessionEngineNames.Db, ex);
        }
        return data is null ? null : new LoadedSessionData(codec.DecodeShared(data), data, Shared: true);
    }

    /// <summary>
    /// <c>UPDATE django_session SET ... WHERE session_key = @k AND session_data = @loaded</c>: the row's own data is the
    /// version, so the schema stays Django's and a Django peer can share the table (its saves are plain updates: last
    /// write wins on its side, and this side's next swap sees their data and merges onto it).
    /// </summary>
    public Task<string?> SaveIfUnchangedAsync(string sessionKey, JsonObject data, DateTimeOffset expireDate, string expectedVersion,
        CancellationToken cancellationToken = default) =>
        Guard<string?>(async () =>
        {
            var encoded = codec.Encode(data);
            var expires = expireDate.UtcDateTime;
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var updated = await UpdateCommand(db).ExecuteAsync(db, sessionKey, encoded, expires, expectedVersion, cancellationToken);
            if (updated == 1)
            {
                return encoded;
            }
            // Nothing matched: changed by another writer (merge and retry), or deleted meanwhile (never resurrected).
            return await db.DjangoSessions.AnyAsync(s => s.SessionKey == sessionKey, cancellationToken)
                ? null
                : throw new SessionUpdateException("The session was deleted before it could be saved.");
        });

    public Task<bool> ExistsAsync(string sessionKey, CancellationToken cancellationToken = default) =>
        Guard(() => ExistsCoreAsync(sessionKey, cancellationToken));

    public Task<string> SaveAsync(string sessionKey, JsonObject data, DateTimeOffset expireDate, bool mustCreate,
        CancellationToken cancellationToken = default) =>
        Guard(() => SaveCoreAsync(sessionKey, data, expireDate, mustCreate, cancellationToken));

    public Task DeleteAsync(string sessionKey, CancellationToken cancellationToken = default) =>
        Guard(async () =>
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            using var turn = await SessionDbWriteGate.EnterAsync(db, cancellationToken);
            return await db.DjangoSessions.Where(s => s.SessionKey == sessionKey).ExecuteDeleteAsync(cancellationToken);
        });

    public Task<int> ClearExpiredAsync(CancellationToken cancellationToken = default) =>
        Guard(() => ClearExpiredCoreAsync(cancellationToken));

    /// <summary>What clearsessions would delete now, by the expire_date index (Django's <c>expire_date__lt=now</c>).</summary>
    public Task<int> CountExpiredAsync(CancellationToken cancellationToken = default) =>
        Guard(async () =>
        {
            var now = time.GetUtcNow().UtcDateTime;
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            return await db.DjangoSessions.CountAsync(s => s.ExpireDate < now, cancellationToken);
        });

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
        var data = await ReadLiveAsync(sessionKey, cancellationToken);
        // Unknown or expired: null, so the key is dropped. Corrupt data decodes to {} and keeps the key, as in Django.
        return data is null ? null : codec.Decode(data);
    }

    /// <summary>The live row's <c>session_data</c> as stored, or null.</summary>
    private Task<string?> ReadLiveAsync(string sessionKey, CancellationToken cancellationToken) =>
        _liveSessionData.ReadAsync(sessionKey, time.GetUtcNow().UtcDateTime, cancellationToken);

    /// <summary>Closes the connections kept open for reads.</summary>
    public void Dispose() => _liveSessionData.Dispose();

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
                using var turn = await SessionDbWriteGate.EnterAsync(db, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException ex) when (SessionDbFaults.IsDuplicateKey(ex))
            {
                throw new SessionCreateException("Session key already in use.");
            }
            return sessionKey;
        }
        // force_update: an UPDATE that touches no row means the session was deleted meanwhile; never re-insert it.
        var updated = await UpdateCommand(db).ExecuteAsync(db, sessionKey, encoded, expires, expectedData: null, cancellationToken);
        if (updated == 0)
        {
            throw new SessionUpdateException("The session was deleted before it could be saved.");
        }
        return sessionKey;
    }

    private async Task<int> ClearExpiredCoreAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await SessionDbFaults.DeleteInBatchesAsync<DjangoSessionRow>(db, s => s.ExpireDate, now,
            settings.Value.Cleanup.CleanupBatchSize, settings.Value.Cleanup.CleanupBatchPause, cancellationToken);
    }

    // Racing first saves may each build it: the same command, and the last one stays.
    private SessionRowUpdateCommand UpdateCommand(DbContext db) => _update ??= SessionRowUpdateCommand.For(db);

    private static Task<T> Guard<T>(Func<Task<T>> operation) => SessionDbFaults.GuardAsync(SessionEngineNames.Db, operation);
}
