namespace DjangoSessions.EntityFrameworkCore;

/// <summary>
/// A row of <c>django_session_lease</c>: who holds a named lease (the timed cleanup's is <c>clearsessions</c>) and
/// until when. The time is Unix milliseconds, so one comparison means the same on SQLite and PostgreSQL and no
/// provider's date format is involved in the claim statement.
/// </summary>
public sealed class SessionLeaseRow
{
    /// <summary>The lease's name (primary key).</summary>
    public required string Name { get; set; }

    /// <summary>The node holding it.</summary>
    public required string Holder { get; set; }

    /// <summary>When it runs out, in Unix milliseconds on the app's clock.</summary>
    public long ExpiresAt { get; set; }
}
