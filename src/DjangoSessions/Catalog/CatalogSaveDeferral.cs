using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace DjangoSessions.Catalog;

/// <summary>
/// Lets a save that only rolls a session forward wait in memory instead of writing the catalog. Django's rolling expiry
/// (<c>SESSION_SAVE_EVERY_REQUEST</c>, or any modified session) moves <c>expire_date</c> on every save; the catalog
/// doesn't need that precision, and its UPDATE was two thirds of a write request's CPU (bench E3 on cache: 354 -> 121 µs
/// without it). A save waits only when it changes nothing but expiry and activity, by less than
/// <see cref="SessionCatalogSettings.ActivityInterval"/>, and while the written expiry is more than two intervals away, so
/// the entry can't be swept as expired before the wait ends. A signed_cookies save waits the same way although its key
/// (the cookie) is new each time: the entry keeps an older cookie of the session, which still ends it. What waited is
/// written by <see cref="FlushAsync"/> (the expiry sweep's tick, and the host's stop), never re-adding an entry that was
/// removed meanwhile.
/// </summary>
internal sealed class CatalogSaveDeferral(TimeProvider time, IOptions<SessionCatalogSettings> settings)
{
    private readonly ConcurrentDictionary<string, Written> _written = new(StringComparer.Ordinal);

    // Writes of one session, immediate or flushed, go one at a time, so an older save can't land after a newer one.
    private readonly SemaphoreSlim[] _turns = [.. Enumerable.Range(0, 256).Select(_ => new SemaphoreSlim(1, 1))];

    /// <summary>True when <paramref name="record"/> may wait: it is noted, and the catalog is not written now.</summary>
    public bool TryDefer(SessionSaveRecord record)
    {
        if (record.Created || !_written.TryGetValue(record.SessionId, out var written))
        {
            return false;
        }
        var now = time.GetUtcNow();
        var interval = settings.Value.ActivityInterval;
        lock (written)
        {
            var last = written.Record;
            var canWait = SameKey(record, last) && record.Engine == last.Engine
                && record.UserId == last.UserId && record.UserName == last.UserName
                && (record.Client == last.Client || record.Client == SessionClientInfo.Unknown)
                && now - written.At < interval
                && record.ExpireDate >= last.ExpireDate && record.ExpireDate - last.ExpireDate < interval
                && last.ExpireDate - now > 2 * interval + settings.Value.ExpirySweepInterval;
            if (canWait)
            {
                written.Pending = new PendingSave(record.ExpireDate, now);
            }
            return canWait;
        }
    }

    /// <summary>Writes <paramref name="record"/> now; what waited before it is superseded.</summary>
    public async Task WriteAsync(ISessionCatalog catalog, SessionSaveRecord record, CancellationToken cancellationToken)
    {
        var turn = TurnOf(record.SessionId);
        await turn.WaitAsync(cancellationToken);
        try
        {
            var superseded = _written.TryGetValue(record.SessionId, out var before) ? PendingOf(before) : null;
            await catalog.RecordSaveAsync(record, cancellationToken);
            var at = time.GetUtcNow();
            var written = _written.GetOrAdd(record.SessionId, _ => new Written(record, at));
            lock (written)
            {
                written.Record = record;
                written.At = at;
                // A save that began waiting while this one was being written is newer than it: it keeps waiting.
                if (ReferenceEquals(written.Pending, superseded))
                {
                    written.Pending = null;
                }
            }
        }
        finally
        {
            turn.Release();
        }
    }

    /// <summary>
    /// Writes the saves that have waited an interval (all of them when <paramref name="all"/>, as the host stops);
    /// returns how many entries moved.
    /// </summary>
    public async Task<int> FlushAsync(ISessionCatalog catalog, bool all, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var interval = settings.Value.ActivityInterval;
        var moved = 0;
        foreach (var (sessionId, written) in _written)
        {
            if (written.Pending is null)
            {
                // Nothing waits and the memory is old: the next save writes at once, as a first one would.
                if (now - written.At >= interval)
                {
                    _written.TryRemove(new KeyValuePair<string, Written>(sessionId, written));
                }
                continue;
            }
            if (!all && now - written.At < interval)
            {
                continue;
            }
            moved += await FlushOneAsync(catalog, sessionId, cancellationToken) ? 1 : 0;
        }
        return moved;
    }

    /// <summary>
    /// Whether a save keeps the key the catalog holds. A signed_cookies save always has a new key (the cookie is
    /// re-signed) under the same stable id; the catalog may keep the older cookie, because ending a session needs only a
    /// correctly signed cookie of it, however old (the ledger revokes the id inside, and with it every cookie of it).
    /// </summary>
    private static bool SameKey(SessionSaveRecord record, SessionSaveRecord last) =>
        record.SessionKey == last.SessionKey || (IsResigned(record) && IsResigned(last));

    private static bool IsResigned(SessionSaveRecord record) => record.SessionKey != record.SessionId;

    /// <summary>The session ended: nothing of it may be written again.</summary>
    public void Forget(string sessionId) => _written.TryRemove(sessionId, out _);

    private async Task<bool> FlushOneAsync(ISessionCatalog catalog, string sessionId, CancellationToken cancellationToken)
    {
        var turn = TurnOf(sessionId);
        await turn.WaitAsync(cancellationToken);
        try
        {
            if (!_written.TryGetValue(sessionId, out var written) || PendingOf(written) is not { } pending)
            {
                return false;
            }
            if (!await catalog.MoveExpiryAsync(sessionId, written.Record.ExpireDate, pending.ExpireDate, pending.SavedAt, cancellationToken))
            {
                // The entry is gone (ended on another node, swept), or another node wrote it since: this node's waiting
                // save is dropped (the entry may then say an expiry up to an interval early), and its next save is
                // written at once.
                _written.TryRemove(new KeyValuePair<string, Written>(sessionId, written));
                return false;
            }
            lock (written)
            {
                written.Record = written.Record with { ExpireDate = pending.ExpireDate };
                written.At = time.GetUtcNow();
                if (ReferenceEquals(written.Pending, pending))
                {
                    written.Pending = null;
                }
            }
            return true;
        }
        finally
        {
            turn.Release();
        }
    }

    private static PendingSave? PendingOf(Written written)
    {
        lock (written)
        {
            return written.Pending;
        }
    }

    private SemaphoreSlim TurnOf(string sessionId) =>
        _turns[(uint)StringComparer.Ordinal.GetHashCode(sessionId) % (uint)_turns.Length];

    /// <summary>What the catalog was last given for a session, when, and the newer save waiting to follow it.</summary>
    private sealed class Written(SessionSaveRecord record, DateTimeOffset at)
    {
        public SessionSaveRecord Record { get; set; } = record;

        public DateTimeOffset At { get; set; } = at;

        public PendingSave? Pending { get; set; }
    }

    /// <summary>A save that waited: its expiry, and when it happened (the entry's last activity).</summary>
    private sealed record PendingSave(DateTimeOffset ExpireDate, DateTimeOffset SavedAt);
}
