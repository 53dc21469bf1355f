using Microsoft.EntityFrameworkCore;

namespace DjangoSessions.EntityFrameworkCore;

/// <summary>Implemented by the app's DbContext to host the <c>django_session_lease</c> table (the app owns the migration).</summary>
public interface ISessionLeaseDbContext
{
    /// <summary>The <c>django_session_lease</c> table.</summary>
    DbSet<SessionLeaseRow> SessionLeases { get; }
}

/// <summary>Maps <see cref="SessionLeaseRow"/> to <c>django_session_lease(name PK, holder, expires_at)</c>.</summary>
public static class SessionLeaseModel
{
    internal const string TableName = "django_session_lease";

    /// <summary>Maps <c>django_session_lease</c>; call it from <c>OnModelCreating</c>.</summary>
    public static ModelBuilder AddSessionLeases(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<SessionLeaseRow>(row =>
        {
            row.ToTable(TableName);
            row.HasKey(r => r.Name);
            row.Property(r => r.Name).HasColumnName("name").HasMaxLength(64);
            row.Property(r => r.Holder).HasColumnName("holder").HasMaxLength(200);
            row.Property(r => r.ExpiresAt).HasColumnName("expires_at");
        });
        return modelBuilder;
    }
}
