namespace DjangoSessions.EntityFrameworkCore;

/// <summary>A row of Django's <c>django_session</c> table.</summary>
public sealed class DjangoSessionRow
{
    /// <summary>The session key (<c>session_key varchar(40)</c>, the primary key): the cookie value.</summary>
    public required string SessionKey { get; set; }

    /// <summary>Django's signing.dumps output (see <see cref="SessionDataCodec"/>).</summary>
    public required string SessionData { get; set; }

    /// <summary>UTC, stored as Django's SQLite text <c>YYYY-MM-DD HH:MM:SS.ffffff</c>.</summary>
    public DateTime ExpireDate { get; set; }
}
