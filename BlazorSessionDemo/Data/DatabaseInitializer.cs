using DjangoSessions.Storage;
using Microsoft.EntityFrameworkCore;

namespace BlazorSessionDemo.Data;

public static class DatabaseInitializer
{
    /// <summary>
    /// Creates the file and applies migrations, then switches to WAL so readers never wait for the writer. The file holds
    /// every session key and password hash: a folder and a file the app creates are its user's alone (0700, 0600; SQLite
    /// gives -wal and -shm the database file's mode), existing ones are left as they are with a warning if others can read them.
    /// </summary>
    public static async Task InitializeDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var factory = services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseInitializer).FullName!);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
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
