using Microsoft.EntityFrameworkCore;

namespace DjangoSessions.EntityFrameworkCore;

/// <summary>
/// Maps <see cref="RevokedSession"/> to <c>revoked_sessions(session_id varchar(40) PK, expire_date datetime)</c> plus an
/// index on the expiry, so clearing old rows is a range scan. Not a Django table: Django's signed_cookies has no
/// server-side state and so cannot end a session before its cookie ages out.
/// </summary>
public static class SessionLedgerModel
{
    /// <summary>Maps <c>revoked_sessions</c>; call it from <c>OnModelCreating</c> with the provider's <see cref="SessionDbDialect"/>.</summary>
    public static ModelBuilder AddSessionLedger(this ModelBuilder modelBuilder, SessionDbDialect dialect)
    {
        modelBuilder.Entity<RevokedSession>(row =>
        {
            row.ToTable("revoked_sessions");
            row.HasKey(r => r.SessionId);
            row.Property(r => r.SessionId).HasColumnName("session_id").HasColumnType("varchar(40)").HasMaxLength(40);
            // The django_session date text: fixed width, so comparing text in SQL compares times.
            dialect.ConfigureDateTime(row.Property(r => r.ExpireDate).HasColumnName("expire_date"));
            row.HasIndex(r => r.ExpireDate).HasDatabaseName("revoked_sessions_expire_date");
        });
        return modelBuilder;
    }
}
