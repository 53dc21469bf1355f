namespace DjangoSessions.Catalog;

/// <summary>The catalog's keys in the <c>Session</c> section (beside Django's settings, which have no equivalent).</summary>
public sealed class SessionCatalogSettings
{
    /// <summary>
    /// The session data key holding the user id; absent = anonymous. Django's <c>_auth_user_id</c> (SESSION_KEY), which
    /// only login writes and authentication checks against the password hash, so a session is listed under a user
    /// only when it is that user's login - and a Django peer's logins are listed too.
    /// </summary>
    public string UserIdKey { get; set; } = "_auth_user_id";

    /// <summary>
    /// The session data key holding the user's name, recorded beside the user id so a list can be sorted by name with an
    /// index (django-user-sessions sorts by <c>user</c>). Django keeps no name in the session, so none by default; the
    /// demo app names the seed's <c>username</c>. Read only for a session that has a user id, and only a string of 1 to
    /// 150 characters (Django's <c>username</c> length): anything else is no name.
    /// </summary>
    public string? UserNameKey { get; set; }

    /// <summary>
    /// Last activity is written at most this often per session, so a request that only reads stays a read; a save that
    /// only rolls expiry and activity forward waits up to this long before the catalog is written. Zero writes every time.
    /// </summary>
    public TimeSpan ActivityInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the one background sweep looks for sessions past their expiry date (the expire_date index).</summary>
    public TimeSpan ExpirySweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// On several nodes: how often each node re-checks, in one catalog query, that the sessions its open pages watch
    /// still exist (pub/sub loses messages while a node is disconnected; a reconnect triggers a check at once).
    /// </summary>
    public TimeSpan EventResyncInterval { get; set; } = TimeSpan.FromSeconds(30);
}
