namespace DjangoSessions.Catalog;

/// <summary>
/// Who holds which session: one entry per live session, recorded beside the engine's data (user id, created, last
/// activity, client, expiry), as django-user-sessions or Duende's server-side sessions keep them. Django alone can't
/// list sessions by user; this can, for every engine. Each change is announced on <see cref="ISessionEventBus"/>.
/// </summary>
public interface ISessionCatalog
{
    /// <summary>Records a successful save: a new entry for a created session, else the entry updated (added if missing).</summary>
    Task RecordSaveAsync(SessionSaveRecord record, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves an existing entry's expiry and last activity (a save that only rolled them forward and waited), only while
    /// its expiry is still <paramref name="writtenExpireDate"/> (to the microsecond): false when the catalog no longer
    /// lists the session (it ended while the save waited: not added back) or another node wrote it since (a later
    /// <c>set_expiry</c> must not be undone by an older save). Last activity only moves forward.
    /// </summary>
    Task<bool> MoveExpiryAsync(string sessionId, DateTimeOffset writtenExpireDate, DateTimeOffset expireDate, DateTimeOffset lastActivity,
        CancellationToken cancellationToken = default);

    /// <summary>Updates last activity and client of an existing entry; false when the catalog holds no such session.</summary>
    Task<bool> TouchAsync(string sessionId, SessionClientInfo client, CancellationToken cancellationToken = default);

    /// <summary>Forgets a session that ended and announces it (the announcement goes out even if the catalog can't be written).</summary>
    Task RemoveAsync(string sessionId, SessionEndReason reason, CancellationToken cancellationToken = default);

    /// <summary>Forgets every session past its expiry date, announcing each; returns how many.</summary>
    Task<int> RemoveExpiredAsync(CancellationToken cancellationToken = default);

    /// <summary>Forgets everything not stored by <paramref name="engine"/>, or everything when its sessions didn't survive a restart.</summary>
    Task<int> ResetAsync(string engine, bool engineLosesSessionsOnRestart, CancellationToken cancellationToken = default);

    /// <summary>One page of entries, by an indexed keyset (<see cref="SessionQuery.After"/>) or offset; never loads them all.</summary>
    Task<SessionPage> ListAsync(SessionQuery query, CancellationToken cancellationToken = default);

    /// <summary>The entry with surrogate id <paramref name="id"/>, or null when there is none (ended, expired or never existed).</summary>
    Task<SessionCatalogEntry?> FindAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Whether a live session has this <see cref="SessionFingerprint"/> (a page asks whether its own session still exists).</summary>
    Task<bool> ContainsFingerprintAsync(string fingerprint, CancellationToken cancellationToken = default);

    /// <summary>
    /// Those of <paramref name="fingerprints"/> that name live sessions, in one query (a node re-checks all its open
    /// pages' sessions after it may have missed another node's events).
    /// </summary>
    Task<IReadOnlySet<string>> FindLiveFingerprintsAsync(IReadOnlyCollection<string> fingerprints, CancellationToken cancellationToken = default);

    /// <summary>
    /// Server side only: the stable id and current key of the entries named, to end those sessions. Never hand these
    /// to a page: a key is a bearer secret.
    /// </summary>
    Task<IReadOnlyList<SessionHandle>> FindHandlesAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default);

    /// <summary>Server side only: the handles of every session of <paramref name="userId"/>.</summary>
    Task<IReadOnlyList<SessionHandle>> FindHandlesOfUserAsync(string userId, CancellationToken cancellationToken = default);
}

/// <summary>A save to record: <paramref name="Created"/> when the save created the session (<c>must_create</c>).</summary>
public sealed record SessionSaveRecord(
    string SessionId,
    string SessionKey,
    string Engine,
    string? UserId,
    DateTimeOffset ExpireDate,
    bool Created,
    SessionClientInfo Client,
    string? UserName = null);

/// <summary>What the catalog shows of a session: no key, only its fingerprint.</summary>
public sealed record SessionCatalogEntry(
    long Id,
    string Fingerprint,
    string Engine,
    string? UserId,
    DateTimeOffset Created,
    DateTimeOffset LastActivity,
    DateTimeOffset ExpireDate,
    string? IpAddress,
    string? UserAgent,
    string? Device,
    string? UserName = null);

/// <summary>How to end one session: the engine's key for it, and its stable id for the catalog.</summary>
public sealed record SessionHandle(long Id, string SessionId, string SessionKey, string? UserId);

/// <summary>The columns a <see cref="SessionQuery"/> can sort by, each served by its own index.</summary>
public enum SessionSortColumn
{
    /// <summary>The last request that used the session.</summary>
    LastActivity,
    /// <summary>When the session was first saved.</summary>
    Created,
    /// <summary>When the session expires.</summary>
    ExpireDate,
    /// <summary>The user id (anonymous sessions sort first).</summary>
    User,
    /// <summary>The client address.</summary>
    IpAddress,
    /// <summary>The readable user agent ("Chrome on Linux").</summary>
    Device,
    /// <summary>The user's name (<c>Session:UserNameKey</c>); sessions without one sort first.</summary>
    UserName,
}

/// <summary>
/// A page request: sorted by <paramref name="Sort"/> then id; only <paramref name="UserId"/>'s sessions when given.
/// <paramref name="After"/> (the last entry of the previous page, same sort) pages by keyset; otherwise
/// <paramref name="Skip"/> entries are skipped along the index.
/// </summary>
public sealed record SessionQuery(
    SessionSortColumn Sort = SessionSortColumn.LastActivity,
    bool Descending = true,
    string? UserId = null,
    int Take = 20,
    int Skip = 0,
    SessionCatalogEntry? After = null);

/// <summary>One page and how many entries match the query in all.</summary>
public sealed record SessionPage(IReadOnlyList<SessionCatalogEntry> Items, int Total);

/// <summary>Where a request came from; empty strings when unknown (a circuit or background job has no request).</summary>
public sealed record SessionClientInfo(string IpAddress, string UserAgent)
{
    internal static SessionClientInfo Unknown { get; } = new("", "");
}
