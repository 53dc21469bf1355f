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

    public async Task RecordSaveAsync(SessionSaveRecord record, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var userId = record.UserId ?? "";
        var userName = record.UserId is null ? "" : record.UserName ?? "";
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.SessionCatalog.FirstOrDefaultAsync(r => r.SessionId == record.SessionId, cancellationToken);
        var added = row is null;
        if (row is null)
        {
            row = new SessionCatalogRow
            {
                SessionId = record.SessionId,
                SessionKey = record.SessionKey,
                Fingerprint = SessionFingerprint.Of(record.SessionId),
                Engine = record.Engine,
                Created = now,
            };
            db.SessionCatalog.Add(row);
        }
        row.SessionKey = record.SessionKey;
        row.UserId = userId;
        row.UserName = userName;
        row.ExpireDate = record.ExpireDate.UtcDateTime;
        row.LastActivity = now;
        if (record.Client.IpAddress.Length > 0 || record.Client.UserAgent.Length > 0 || added)
        {
            SetClient(row, record.Client);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (added && SessionDbFaults.IsDuplicateKey(ex))
        {
            // Another request recorded the same session meanwhile: theirs is the entry, this save only updates it.
            await db.SessionCatalog.Where(r => r.SessionId == record.SessionId).ExecuteUpdateAsync(set => set
                .SetProperty(r => r.SessionKey, record.SessionKey)
                .SetProperty(r => r.UserId, userId)
                .SetProperty(r => r.UserName, userName)
                .SetProperty(r => r.ExpireDate, record.ExpireDate.UtcDateTime)
                .SetProperty(r => r.LastActivity, now), cancellationToken);
            added = false;
        }
        events.Publish(new SessionEvent(added ? SessionEventKind.Created : SessionEventKind.Activity, row.Fingerprint, NullIfEmpty(userId)));
    }

    public async Task<bool> TouchAsync(string sessionId, SessionClientInfo client, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var device = UserAgentDescription.Describe(client.UserAgent);
        var userAgent = Truncate(client.UserAgent, 512);
        var ip = Truncate(client.IpAddress, 45);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
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

    public async Task RemoveAsync(string sessionId, SessionEndReason reason, CancellationToken cancellationToken = default)
    {
        string? userId = null;
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            userId = await db.SessionCatalog.Where(r => r.SessionId == sessionId).Select(r => r.UserId).FirstOrDefaultAsync(cancellationToken);
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

    private static void SetClient(SessionCatalogRow row, SessionClientInfo client)
    {
        row.IpAddress = Truncate(client.IpAddress, 45);
        row.UserAgent = Truncate(client.UserAgent, 512);
        row.Device = UserAgentDescription.Describe(client.UserAgent);
    }

    private static SessionCatalogEntry ToEntry(SessionCatalogRow row) => new(
        row.Id, row.Fingerprint, row.Engine, NullIfEmpty(row.UserId), Utc(row.Created), Utc(row.LastActivity), Utc(row.ExpireDate),
        NullIfEmpty(row.IpAddress), NullIfEmpty(row.UserAgent), NullIfEmpty(row.Device), NullIfEmpty(row.UserName));

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}
