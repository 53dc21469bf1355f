using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace BlazorSessionDemo.Data;

public static class DatabaseServiceCollectionExtensions
{
    public const string ConnectionStringName = "Default";

    /// <summary>
    /// SQLite through EF Core. A relative <c>Data Source</c> is taken from the content root, not the working
    /// directory, so <c>dotnet run --project</c> and <c>dotnet BlazorSessionDemo.dll</c> use the same file.
    /// </summary>
    public static IServiceCollection AddAppDatabase(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration.GetConnectionString(ConnectionStringName) ?? "Data Source=App_Data/blazorsessiondemo.db";
        var connection = new SqliteConnectionStringBuilder(configured);
        if (connection.DataSource != ":memory:" && !Path.IsPathRooted(connection.DataSource))
        {
            connection.DataSource = Path.GetFullPath(connection.DataSource, environment.ContentRootPath);
        }
        // A busy writer makes others wait up to this long instead of failing with SQLITE_BUSY (then: 503), unless the
        // connection string sets its own "Default Timeout" / "Command Timeout".
        var explicitTimeout = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = configured };
        if (!explicitTimeout.ContainsKey("Default Timeout") && !explicitTimeout.ContainsKey("Command Timeout"))
        {
            connection.DefaultTimeout = 30;
        }
        var connectionString = connection.ToString();
        // Pooled: every session load and user lookup takes a context. A fresh (unpooled) context opens a fresh
        // SqliteConnection that EF initializes again (functions, collations) on each open: ~50 KB and ~80 us per
        // operation in bench/Micro; a pooled context keeps its initialized connection (docs/benchmarks.md).
        services.AddPooledDbContextFactory<AppDbContext>(options => options.UseSqlite(connectionString));
        return services;
    }
}
