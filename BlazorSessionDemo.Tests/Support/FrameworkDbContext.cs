using DjangoSessions.Catalog;
using DjangoSessions.Engines.SignedCookies;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace BlazorSessionDemo.Tests.Support;

/// <summary>
/// The smallest database a team's own app would give the EF library: the three <c>ISession*DbContext</c> tables and
/// nothing of this app (no <c>auth_user</c>, no migrations). Framework tests (engine contract, db/cached_db,
/// ledger, EF catalog) run on it, so they prove the library works with a context that isn't the demo's.
/// </summary>
public sealed class FrameworkDbContext(DbContextOptions<FrameworkDbContext> options) : DbContext(options), ISessionDbContext,
    ISessionLedgerDbContext, ISessionCatalogDbContext
{
    public DbSet<DjangoSessionRow> DjangoSessions => Set<DjangoSessionRow>();

    public DbSet<RevokedSession> RevokedSessions => Set<RevokedSession>();

    public DbSet<SessionCatalogRow> SessionCatalog => Set<SessionCatalogRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var dialect = SessionDbDialect.For(Database.ProviderName);
        modelBuilder.AddDjangoSessions(dialect);
        modelBuilder.AddSessionLedger(dialect);
        modelBuilder.AddSessionCatalog(dialect);
    }

    /// <summary>A pooled factory over the SQLite file <paramref name="connectionString"/> names.</summary>
    public static PooledDbContextFactory<FrameworkDbContext> Factory(string connectionString) =>
        new(new DbContextOptionsBuilder<FrameworkDbContext>().UseSqlite(connectionString).Options);
}
