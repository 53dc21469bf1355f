using DjangoSessions.Catalog;
using DjangoSessions.EntityFrameworkCore;
using DjangoSessions.Engines.SignedCookies;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace BlazorSessionDemo.Data;

/// <summary>
/// The app's database (SQLite or PostgreSQL, <c>Database:Provider</c>): users, Django's <c>django_session</c> table for
/// the db engine, the <c>revoked_sessions</c> ledger for the signed_cookies engine, and the <c>session_catalog</c> of
/// live sessions. Its migrations are SQLite's; PostgreSQL's belong to <see cref="PostgreSqlAppDbContext"/>.
/// </summary>
public class AppDbContext : DbContext, ISessionDbContext, ISessionLedgerDbContext, ISessionCatalogDbContext, ISessionLeaseDbContext,
    IDataProtectionKeyContext
{
    public AppDbContext(DbContextOptions<AppDbContext> options)
        : base(options)
    {
    }

    /// <summary>For a provider's migrations context (same model, its own migrations).</summary>
    protected AppDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<DjangoSessionRow> DjangoSessions => Set<DjangoSessionRow>();

    public DbSet<RevokedSession> RevokedSessions => Set<RevokedSession>();

    public DbSet<SessionCatalogRow> SessionCatalog => Set<SessionCatalogRow>();

    public DbSet<User> Users => Set<User>();

    /// <summary>Failed logins counted in the shared database (Auth:Lockout on every engine but redis).</summary>
    public DbSet<Auth.Lockout.LoginFailure> LoginFailures => Set<Auth.Lockout.LoginFailure>();

    /// <summary>Named leases (the timed cleanup's): which node runs it, so several nodes delete each expired row once.</summary>
    public DbSet<SessionLeaseRow> SessionLeases => Set<SessionLeaseRow>();

    /// <summary>The data protection key ring, shared by every node: PostgreSQL only (SQLite keeps it in a folder).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var dialect = SessionDbDialect.For(Database.ProviderName);
        modelBuilder.AddDjangoSessions(dialect);
        modelBuilder.AddSessionLedger(dialect);
        modelBuilder.AddSessionCatalog(dialect);
        modelBuilder.AddSessionLeases();
        Auth.Lockout.LoginFailure.Map(modelBuilder);
        var postgreSql = Database.IsNpgsql();
        // Django's column types per backend: SQLite's "datetime" text and "bool"; PostgreSQL's timestamptz and boolean.
        var dateType = postgreSql ? "timestamp with time zone" : "datetime";
        var boolType = postgreSql ? "boolean" : "bool";
        modelBuilder.Entity<User>(user =>
        {
            // Django 3.2's auth_user, column for column, so either app may create the table and both use it (the
            // migration DjangoAuthUser writes Django's own DDL). No NOCASE here: a table Django created compares
            // usernames case-sensitively, so the case-insensitive login lookup says so in its query (UserLookup).
            user.ToTable("auth_user");
            user.Property(u => u.Id).HasColumnName("id");
            user.Property(u => u.PasswordHash).HasColumnName("password").HasColumnType("varchar(128)").HasMaxLength(128);
            var lastLogin = user.Property(u => u.LastLogin).HasColumnName("last_login").HasColumnType(dateType);
            user.Property(u => u.IsSuperuser).HasColumnName("is_superuser").HasColumnType(boolType);
            user.Property(u => u.Username).HasColumnName("username").HasColumnType("varchar(150)").HasMaxLength(150);
            user.Property(u => u.FirstName).HasColumnName("first_name").HasColumnType("varchar(150)").HasMaxLength(150);
            user.Property(u => u.LastName).HasColumnName("last_name").HasColumnType("varchar(150)").HasMaxLength(150);
            user.Property(u => u.Email).HasColumnName("email").HasColumnType("varchar(254)").HasMaxLength(254);
            user.Property(u => u.IsStaff).HasColumnName("is_staff").HasColumnType(boolType);
            user.Property(u => u.IsActive).HasColumnName("is_active").HasColumnType(boolType);
            var dateJoined = user.Property(u => u.DateJoined).HasColumnName("date_joined").HasColumnType(dateType);
            if (postgreSql)
            {
                // timestamptz holds UTC, and Npgsql writes only UTC DateTimes into it.
                lastLogin.HasConversion(DjangoDateTime.UtcNullable);
                dateJoined.HasConversion(DjangoDateTime.Utc);
            }
            else
            {
                lastLogin.HasConversion(DjangoDateTime.Converter);
                dateJoined.HasConversion(DjangoDateTime.Converter);
            }
            user.HasIndex(u => u.Username).IsUnique();
        });
        if (postgreSql)
        {
            modelBuilder.Entity<DataProtectionKey>(key =>
            {
                key.ToTable("data_protection_keys");
                key.Property(k => k.Id).HasColumnName("id");
                key.Property(k => k.FriendlyName).HasColumnName("friendly_name");
                key.Property(k => k.Xml).HasColumnName("xml");
            });
        }
        else
        {
            modelBuilder.Ignore<DataProtectionKey>();
        }
    }
}
