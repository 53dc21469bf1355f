using DjangoSessions.Catalog;
using Microsoft.EntityFrameworkCore;

namespace DjangoSessions.EntityFrameworkCore;

/// <summary>
/// The catalog in the app's database (<c>session_catalog</c>), whatever engine keeps the session data: one indexed table
/// lists db, cache, file, redis and signed_cookies sessions alike. Each operation uses its own short-lived context, as
/// the db engine does, and announces what changed on <see cref="ISessionEventBus"/> once it is stored.
/// </summary>
internal sealed class EfSessionCatalog<TContext>(IDbContextFactory<TContext> contexts, ISessionEventBus events, TimeProvider time)
    : ISessionCatalog
    where TContext : DbContext, ISessionCatalogDbContext
{
    private const int ExpiryBatch = 500;
    private CatalogSaveCommand? _save;

    public async Task RecordSaveAsync(SessionSaveRecord record, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var userId = record.UserId ?? "";
        var userName = record.UserId is null ? "" : record.UserName ?? "";
        // A save outside a request (a circuit) knows no client: the entry keeps the one it has.
        (string, string, string)? client = record.Client.IpAddress.Length > 0 || record.Client.UserAgent.Length > 0
            ? ClientColumns(record.Client)
            : null;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var save = _save ??= CatalogSaveCommand.For(db);
        // Every save but a session's first finds its entry: one UPDATE. Only a miss pays for EF's insert.
        var added = !await save.UpdateAsync(db, record, userId, userName, now, client, cancellationToken)
            && await AddAsync(db, save, record, userId, userName, now, client, cancellationToken);
        events.Publish(new SessionEvent(added ? SessionEventKind.Created : SessionEventKind.Activity,
            SessionFingerprint.Of(record.SessionId), NullIfEmpty(userId)));
    }

    /// <summary>
    /// Adds the entry of a session the catalog doesn't list and returns true; false when another request added it
    /// meanwhile (a duplicate session_id): theirs is the entry, and this save then updates it.
    /// </summary>
    private static async Task<bool> AddAsync(TContext db, CatalogSaveCommand save, SessionSaveRecord record, string userId,
        string userName, DateTime now, (string IpAddress, string UserAgent, string Device)? client, CancellationToken cancellationToken)
    {
        var columns = client ?? ClientColumns(record.Client);
        db.SessionCatalog.Add(new SessionCatalogRow
        {
            SessionId = record.SessionId,
            SessionKey = record.SessionKey,
            Fingerprint = SessionFingerprint.Of(record.SessionId),
            Engine = record.Engine,
            Created = now,
            UserId = userId,
            UserName = userName,
            ExpireDate = record.ExpireDate.UtcDateTime,
            LastActivity = now,
            IpAddress = columns.IpAddress,
            UserAgent = columns.UserAgent,
            Device = columns.Device,
        });
        using (await SessionDbWriteGate.EnterAsync(db, cancellationToken))
        {
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return true;
            }
            catch (DbUpdateException ex) when (SessionDbFaults.IsDuplicateKey(ex))
            {
                db.ChangeTracker.Clear();
            }
        }
        // Outside the turn: the update takes its own.
        await save.UpdateAsync(db, record, userId, userName, now, client, cancellationToken);
        return false;
    }

    public async Task<bool> TouchAsync(string sessionId, SessionClientInfo client, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var (ip, userAgent, device) = ClientColumns(client);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        using var turn = await SessionDbWriteGate.EnterAsync(db, cancellationToken);
        var touched = await db.SessionCatalog.Where(r => r.SessionId == sessionId).ExecuteUpdateAsync(set => set
            .SetProperty(r => r.LastActivity, now)
            .SetProperty(r => r.IpAddress, ip)
            .SetProperty(r => r.UserAgent, userAgent)
            .SetProperty(r => r.Device, device), cancellationToken);
        if (touched > 0)
        {
            events.Publish(new SessionEvent(SessionEventKind.Activity, SessionFingerprint.Of(sessionId), null));
        }
        return touched > 0;
    }

    public async Task<bool> MoveExpiryAsync(string sessionId, DateTimeOffset writtenExpireDate, DateTimeOffset expireDate,
        DateTimeOffset lastActivity, CancellationToken cancellationToken = default)
    {
        var (expiry, activity) = (expireDate.UtcDateTime, lastActivity.UtcDateTime);
        // A range, not equality: PostgreSQL keeps microseconds, the clock gives ticks.
        var (from, to) = (writtenExpireDate.UtcDateTime.AddTicks(-10), writtenExpireDate.UtcDateTime.AddTicks(10));
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        using var turn = await SessionDbWriteGate.EnterAsync(db, cancellationToken);
        var moved = await db.SessionCatalog.Where(r => r.SessionId == sessionId && r.ExpireDate >= from && r.ExpireDate <= to)
            .ExecuteUpdateAsync(set => set
            .SetProperty(r => r.ExpireDate, expiry)
            .SetProperty(r => r.LastActivity, r => r.LastActivity > activity ? r.LastActivity : activity), cancellationToken) > 0;
        if (moved)
        {
            events.Publish(new SessionEvent(SessionEventKind.Activity, SessionFingerprint.Of(sessionId), null));
        }
        return moved;
    }

    public async Task RemoveAsync(string sessionId, SessionEndReason reason, CancellationToken cancellationToken = default)
    {
        string? userId = null;
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            userId = await db.SessionCatalog.Where(r => r.SessionId == sessionId).Select(r => r.UserId).FirstOrDefaultAsync(cancellationToken);
            using var turn = await SessionDbWriteGate.EnterAsync(db, cancellationToken);
            await db.SessionCatalog.Where(r => r.SessionId == sessionId).ExecuteDeleteAsync(cancellationToken);
        }
        finally
        {
            // The session is gone from its engine already: open pages must hear of it even if the catalog can't be written.
            var kind = reason == SessionEndReason.Expired ? SessionEventKind.Expired : SessionEventKind.Ended;
            events.Publish(new SessionEvent(kind, SessionFingerprint.Of(sessionId), NullIfEmpty(userId), reason));
        }
    }

    public async Task<int> RemoveExpiredAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var total = 0;
        var gone = new List<SessionEvent>();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        while (true)
        {
            // A range scan of the expire_date index, a small batch at a time, so the write lock is held only briefly.
            var batch = await db.SessionCatalog.AsNoTracking().Where(r => r.ExpireDate <= now).OrderBy(r => r.ExpireDate)
                .Take(ExpiryBatch).Select(r => new { r.Id, r.Fingerprint, r.UserId }).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return total;
            }
            // One DELETE per entry, still expired at the moment it runs: a session saved meanwhile keeps its new expiry,
            // and when two sweeps meet (the timer and clearsessions) each expiry is announced once, by the one that deleted it.
            using (await SessionDbWriteGate.EnterAsync(db, cancellationToken))
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                foreach (var expired in batch)
                {
                    if (await db.SessionCatalog.Where(r => r.Id == expired.Id && r.ExpireDate <= now).ExecuteDeleteAsync(cancellationToken) == 1)
                    {
                        gone.Add(new SessionEvent(SessionEventKind.Expired, expired.Fingerprint, NullIfEmpty(expired.UserId), SessionEndReason.Expired));
                    }
                }
                await transaction.CommitAsync(cancellationToken);
            }
            foreach (var sessionEvent in gone)
            {
                events.Publish(sessionEvent);
            }
            total += gone.Count;
            gone.Clear();
            if (batch.Count < ExpiryBatch)
            {
                return total;
            }
        }
    }

    public async Task<int> ResetAsync(string engine, bool engineLosesSessionsOnRestart, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.SessionCatalog.Where(r => engineLosesSessionsOnRestart || r.Engine != engine).ExecuteDeleteAsync(cancellationToken);
    }

    public async Task<SessionPage> ListAsync(SessionQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var filtered = SessionCatalogPaging.Filter(db.SessionCatalog.AsNoTracking(), query);
        var total = await filtered.CountAsync(cancellationToken);
        var rows = await SessionCatalogPaging.Page(filtered, query).ToListAsync(cancellationToken);
        return new SessionPage([.. rows.Select(ToEntry)], total);
    }

    public async Task<SessionCatalogEntry?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.SessionCatalog.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        return row is null ? null : ToEntry(row);
    }

    public async Task<bool> ContainsFingerprintAsync(string fingerprint, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.SessionCatalog.AnyAsync(r => r.Fingerprint == fingerprint, cancellationToken);
    }

    public async Task<IReadOnlySet<string>> FindLiveFingerprintsAsync(IReadOnlyCollection<string> fingerprints, CancellationToken cancellationToken = default)
    {
        var live = new HashSet<string>(StringComparer.Ordinal);
        if (fingerprints.Count == 0)
        {
            return live;
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // In chunks below SQLite's bound-parameter limit; one chunk (one query) for any node with < 500 open pages.
        foreach (var chunk in fingerprints.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            live.UnionWith(await db.SessionCatalog.AsNoTracking().Where(r => chunk.Contains(r.Fingerprint))
                .Select(r => r.Fingerprint).ToListAsync(cancellationToken));
        }
        return live;
    }

    public async Task<IReadOnlyList<SessionHandle>> FindHandlesAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.SessionCatalog.AsNoTracking().Where(r => ids.Contains(r.Id))
            .Select(r => new SessionHandle(r.Id, r.SessionId, r.SessionKey, r.UserId == "" ? null : r.UserId))
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<SessionHandle>> FindHandlesOfUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.SessionCatalog.AsNoTracking().Where(r => r.UserId == userId)
            .Select(r => new SessionHandle(r.Id, r.SessionId, r.SessionKey, r.UserId))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The client columns as stored: the address and user agent cut to their column sizes, the device made readable.</summary>
    private static (string IpAddress, string UserAgent, string Device) ClientColumns(SessionClientInfo client) =>
        (Truncate(client.IpAddress, 45), Truncate(client.UserAgent, 512), UserAgentDescription.Describe(client.UserAgent));

    private static SessionCatalogEntry ToEntry(SessionCatalogRow row) => new(
        row.Id, row.Fingerprint, row.Engine, NullIfEmpty(row.UserId), Utc(row.Created), Utc(row.LastActivity), Utc(row.ExpireDate),
        NullIfEmpty(row.IpAddress), NullIfEmpty(row.UserAgent), NullIfEmpty(row.Device), NullIfEmpty(row.UserName));

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}
