namespace DjangoSessions.EntityFrameworkCore;

/// <summary>
/// A row of <c>revoked_sessions</c>: a signed_cookies session that was logged out, flushed or cycled away. Every cookie
/// carrying <see cref="SessionId"/> is refused until <see cref="ExpireDate"/>, after which none of them could verify anyway.
/// </summary>
public sealed class RevokedSession
{
    /// <summary>The stable id inside the revoked session's cookies (Django's signed_cookies has none; this engine adds <c>_sid</c>).</summary>
    public required string SessionId { get; set; }

    /// <summary>UTC, stored as the same sortable text as <c>django_session.expire_date</c>.</summary>
    public DateTime ExpireDate { get; set; }
}
