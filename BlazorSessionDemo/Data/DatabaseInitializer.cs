using DjangoSessions.Storage;
using Microsoft.EntityFrameworkCore;

namespace BlazorSessionDemo.Data;

public static class DatabaseInitializer
{
    /// <summary>
    /// Applies the provider's migrations. PostgreSQL: <see cref="PostgreSqlAppDbContext"/>'s set (EF Core holds a
    /// database lock while it migrates, so nodes started together apply each migration once). SQLite: creates the file
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
            await using var postgreSql = PostgreSqlAppDbContext.Create(connectionString!);
            await postgreSql.Database.MigrateAsync(cancellationToken);
            return;
        }
        var dataSource = db.Database.GetDbConnection().DataSource;
        if (!string.IsNullOrEmpty(dataSource) && dataSource != ":memory:" && Path.GetDirectoryName(dataSource) is { Length: > 0 } folder)
        {
            OwnerOnlyStorage.EnsureFolder(folder, logger);
            OwnerOnlyStorage.EnsureFile(dataSource, logger);
        }
        await db.Database.MigrateAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }
}
