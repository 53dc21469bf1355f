using DjangoSessions.Catalog;
using Microsoft.EntityFrameworkCore;

namespace DjangoSessions.EntityFrameworkCore;

/// <summary>Implemented by the app's DbContext to host the <c>session_catalog</c> table (the app owns the migration).</summary>
public interface ISessionCatalogDbContext
{
    /// <summary>The <c>session_catalog</c> table.</summary>
    DbSet<SessionCatalogRow> SessionCatalog { get; }
}

/// <summary>
/// Maps <see cref="SessionCatalogRow"/> to <c>session_catalog</c>. Each sortable column has an index whose hidden tail
/// is the rowid (= <c>id</c>), so "ORDER BY column, id" with a keyset condition is one index range scan at any size.
/// </summary>
public static class SessionCatalogModel
{
    internal const string TableName = "session_catalog";

    /// <summary>Maps <c>session_catalog</c> and its indexes; call it from <c>OnModelCreating</c> with the provider's <see cref="SessionDbDialect"/>.</summary>
    public static ModelBuilder AddSessionCatalog(this ModelBuilder modelBuilder, SessionDbDialect dialect)
    {
        modelBuilder.Entity<SessionCatalogRow>(row =>
        {
            row.ToTable(TableName);
            row.HasKey(r => r.Id);
            row.Property(r => r.Id).HasColumnName("id");
            row.Property(r => r.SessionId).HasColumnName("session_id").HasMaxLength(64);
            row.Property(r => r.SessionKey).HasColumnName("session_key").HasColumnType("text");
            row.Property(r => r.Fingerprint).HasColumnName("fingerprint").HasMaxLength(SessionFingerprint.Length);
            row.Property(r => r.Engine).HasColumnName("engine").HasMaxLength(20);
            row.Property(r => r.UserId).HasColumnName("user_id").HasMaxLength(64);
            row.Property(r => r.UserName).HasColumnName("user_name").HasMaxLength(150);
            row.Property(r => r.IpAddress).HasColumnName("ip_address").HasMaxLength(45);
            row.Property(r => r.UserAgent).HasColumnName("user_agent").HasMaxLength(512);
            row.Property(r => r.Device).HasColumnName("device").HasMaxLength(64);
            // The django_session date text: fixed width, so comparing text in SQL compares times.
            dialect.ConfigureDateTime(row.Property(r => r.Created).HasColumnName("created"));
            dialect.ConfigureDateTime(row.Property(r => r.LastActivity).HasColumnName("last_activity"));
            dialect.ConfigureDateTime(row.Property(r => r.ExpireDate).HasColumnName("expire_date"));
            row.HasIndex(r => r.SessionId).IsUnique().HasDatabaseName("session_catalog_session_id");
            row.HasIndex(r => r.Fingerprint).HasDatabaseName("session_catalog_fingerprint");
            row.HasIndex(r => r.UserId).HasDatabaseName("session_catalog_user_id");
            row.HasIndex(r => r.UserName).HasDatabaseName("session_catalog_user_name");
            row.HasIndex(r => r.IpAddress).HasDatabaseName("session_catalog_ip_address");
            row.HasIndex(r => r.Device).HasDatabaseName("session_catalog_device");
            row.HasIndex(r => r.Created).HasDatabaseName("session_catalog_created");
            row.HasIndex(r => r.LastActivity).HasDatabaseName("session_catalog_last_activity");
            row.HasIndex(r => r.ExpireDate).HasDatabaseName("session_catalog_expire_date");
        });
        return modelBuilder;
    }
}
