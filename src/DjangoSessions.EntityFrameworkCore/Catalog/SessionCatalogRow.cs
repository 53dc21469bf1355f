namespace DjangoSessions.EntityFrameworkCore;

/// <summary>
/// A row of <c>session_catalog</c>: what the app knows about one live session beside its data (django-user-sessions'
/// <c>Session</c> model). Text columns are never null ("" = unknown or anonymous) so that keyset paging compares plain
/// values and every sortable column is served by its own index.
/// </summary>
public sealed class SessionCatalogRow
{
    /// <summary>Surrogate id: what pages carry to name a session, since the key itself is a bearer secret.</summary>
    public long Id { get; set; }

    /// <summary>The session's stable id: its key, or for signed_cookies the id inside the cookie (the key changes on every save).</summary>
    public required string SessionId { get; set; }

    /// <summary>The latest key the session was stored under: what <see cref="ISessionEngine.DeleteAsync"/> needs to end it.</summary>
    public required string SessionKey { get; set; }

    /// <summary>A short non-reversible name for the session (see <see cref="DjangoSessions.Catalog.SessionFingerprint"/>): all a page ever shows.</summary>
    public required string Fingerprint { get; set; }

    /// <summary>The <c>Session:Engine</c> that stored it.</summary>
    public required string Engine { get; set; }

    /// <summary>The session's user id as text; "" for an anonymous session.</summary>
    public string UserId { get; set; } = "";

    /// <summary>The user's name (<c>Session:UserNameKey</c>) for sorting by name; "" when anonymous or not recorded.</summary>
    public string UserName { get; set; } = "";

    /// <summary>When the session was first saved (UTC).</summary>
    public DateTime Created { get; set; }

    /// <summary>The last request that used the session (UTC), throttled by <c>Session:ActivityInterval</c>.</summary>
    public DateTime LastActivity { get; set; }

    /// <summary>When the session expires (UTC), as its engine stored it.</summary>
    public DateTime ExpireDate { get; set; }

    /// <summary>The client address of the last recorded request; "" when unknown.</summary>
    public string IpAddress { get; set; } = "";

    /// <summary>The <c>User-Agent</c> of the last recorded request; "" when unknown.</summary>
    public string UserAgent { get; set; } = "";

    /// <summary>The user agent made readable ("Chrome on Linux"), stored so the list can sort by it.</summary>
    public string Device { get; set; } = "";
}
