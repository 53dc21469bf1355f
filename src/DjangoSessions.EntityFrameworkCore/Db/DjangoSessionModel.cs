using Microsoft.EntityFrameworkCore;

namespace DjangoSessions.EntityFrameworkCore;

/// <summary>
/// Maps <see cref="DjangoSessionRow"/> exactly as Django's migration creates it:
/// <c>django_session(session_key varchar(40) PK, session_data text, expire_date datetime)</c> plus the
/// <c>django_session_expire_date</c> index, so a Django app can share the table.
/// </summary>
public static class DjangoSessionModel
{
    /// <summary>Maps <c>django_session</c> as Django creates it; call it from <c>OnModelCreating</c> with the provider's <see cref="SessionDbDialect"/>.</summary>
    public static ModelBuilder AddDjangoSessions(this ModelBuilder modelBuilder, SessionDbDialect dialect)
    {
        modelBuilder.Entity<DjangoSessionRow>(row =>
        {
            row.ToTable("django_session");
            row.HasKey(s => s.SessionKey);
            row.Property(s => s.SessionKey).HasColumnName("session_key").HasColumnType("varchar(40)").HasMaxLength(40);
            row.Property(s => s.SessionData).HasColumnName("session_data").HasColumnType("text");
            dialect.ConfigureDateTime(row.Property(s => s.ExpireDate).HasColumnName("expire_date"));
            row.HasIndex(s => s.ExpireDate).HasDatabaseName("django_session_expire_date");
        });
        return modelBuilder;
    }
}
