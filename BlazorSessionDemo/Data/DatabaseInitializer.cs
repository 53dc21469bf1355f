using DjangoSessions.Storage;
using Microsoft.EntityFrameworkCore;

namespace BlazorSessionDemo.Data;

public static class DatabaseInitializer
{
    /// <summary>The advisory lock key of migrating ("BSD-MIGR" in ASCII, recognisable in pg_locks).</summary>
    private const long MigrationLockId = 0x4253442D4D494752;

    /// <summary>
    /// Applies the provider's migrations. PostgreSQL: <see cref="PostgreSqlAppDbContext"/>'s set, one node at a time
    /// (an advisory lock), so nodes started together apply each migration once. SQLite: creates the file
    /// and applies migrations, then switches to WAL so readers never wait for the writer. The file holds
    /// every session key and password hash: a folder and a file the app creates are its user's alone (0700, 0600; SQLite
    /// gives -wal and -shm the database file's mode), existing ones are left as they are with a warning if others can read them.
    /// </summary>
    public static async Task InitializeDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var factory = services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseInitializer).FullName!);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (db.Database.IsNpgsql())
        {
            // The configured text, not the open connection's (Npgsql drops the password from that once opened).
            var connectionString = services.GetRequiredService<IConfiguration>().GetConnectionString(DatabaseServiceCollectionExtensions.ConnectionStringName);
            // Nodes started together migrate one at a time: a session-level advisory lock held on this context's
            // connection while the migrations context (its own connection) applies them; the next node finds them
            // applied. EF Core's own migration lock did not stop two nodes both creating a table (42P07) here.
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({MigrationLockId})", cancellationToken);
            try
            {
                await using var postgreSql = PostgreSqlAppDbContext.Create(connectionString!);
                await postgreSql.Database.MigrateAsync(cancellationToken);
            }
            finally
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({MigrationLockId})", CancellationToken.None);
            }
            return;
        }
        var dataSource = db.Database.GetDbConnection().DataSource;
        if (!string.IsNullOrEmpty(dataSource) && dataSource != ":memory:" && Path.GetDirectoryName(dataSource) is { Length: > 0 } folder)
        {
            OwnerOnlyStorage.EnsureFolder(folder, logger);
            OwnerOnlyStorage.EnsureFile(dataSource, logger);
        }
        // Nodes started together on one file migrate one at a time.
        await using var startup = await SqliteStartupLock.AcquireAsync(dataSource, cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }
}
