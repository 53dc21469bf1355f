using DjangoSessions.Catalog;
using DjangoSessions.EntityFrameworkCore;
using DjangoSessions.Engines.SignedCookies;
using Microsoft.EntityFrameworkCore;

namespace BlazorSessionDemo.Data;

/// <summary>
/// The app's SQLite database: users, Django's <c>django_session</c> table for the db engine, the
/// <c>revoked_sessions</c> ledger for the signed_cookies engine, and the <c>session_catalog</c> of live sessions.
/// </summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : DbContext(options), ISessionDbContext, ISessionLedgerDbContext,
    ISessionCatalogDbContext
{
    public DbSet<DjangoSessionRow> DjangoSessions => Set<DjangoSessionRow>();

    public DbSet<RevokedSession> RevokedSessions => Set<RevokedSession>();

    public DbSet<SessionCatalogRow> SessionCatalog => Set<SessionCatalogRow>();

    public DbSet<User> Users => Set<User>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var dialect = SessionDbDialect.For(Database.ProviderName);
        modelBuilder.AddDjangoSessions(dialect);
        modelBuilder.AddSessionLedger(dialect);
        modelBuilder.AddSessionCatalog(dialect);
        modelBuilder.Entity<User>(user =>
        {
            user.ToTable("users");
            // NOCASE: "Alice" and "alice" are one account, as people type them either way.
            user.Property(u => u.Username).HasMaxLength(150).UseCollation("NOCASE");
            user.Property(u => u.Email).HasMaxLength(254).UseCollation("NOCASE");
            user.Property(u => u.PasswordHash).HasMaxLength(100);
            user.HasIndex(u => u.Username).IsUnique();
            user.HasIndex(u => u.Email).IsUnique();
        });
    }
}
