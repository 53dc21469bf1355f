using DjangoSessions.EntityFrameworkCore;
using DjangoSessions.EntityFrameworkCore.PostgreSQL;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BlazorSessionDemo.Data;

public static class DatabaseServiceCollectionExtensions
{
    public const string ConnectionStringName = "Default";
    public const string ConnectionStringSetting = "ConnectionStrings:" + ConnectionStringName;

    /// <summary>
    /// The app's database through EF Core, on the provider <c>Database:Provider</c> names (validated on start: a typo
    /// stops the app with one line naming the key and the allowed values). The provider is read when the first context
    /// is built, after that validation.
    /// </summary>
    public static IServiceCollection AddAppDatabase(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<DatabaseSettings>()
            .Bind(configuration.GetSection(DatabaseSettings.SectionName))
            .Validate(s => Enum.IsDefined(s.SqliteSynchronous),
                $"{DatabaseSettings.SectionName}:SqliteSynchronous: must be Normal, Full or Extra.")
            .Validate(s => s.IsSqlite || s.IsPostgreSql,
                $"{DatabaseSettings.SectionName}:Provider: must be {DatabaseSettings.Sqlite} or {DatabaseSettings.PostgreSql} (case-insensitive).")
            .Validate(s => !s.IsPostgreSql || IsNpgsqlConnectionString(configuration.GetConnectionString(ConnectionStringName)),
                $"{ConnectionStringSetting}: must be a PostgreSQL connection string (Host=...;Database=...;Username=...) " +
                $"when {DatabaseSettings.SectionName}:Provider is {DatabaseSettings.PostgreSql}.")
            .ValidateOnStart();
        // Pooled: every session load and user lookup takes a context. A fresh (unpooled) context opens a fresh
        // SqliteConnection that EF initializes again (functions, collations) on each open: ~50 KB and ~80 us per
        // operation in bench/Micro; a pooled context keeps its initialized connection (docs/benchmarks.md).
        services.AddPooledDbContextFactory<AppDbContext>((provider, options) =>
        {
            var configured = configuration.GetConnectionString(ConnectionStringName);
            var settings = provider.GetRequiredService<IOptions<DatabaseSettings>>().Value;
            if (settings.IsPostgreSql)
            {
                UsePostgreSql(options, configured!);
            }
            else
            {
                options.UseSqlite(SqliteConnectionString(configured, environment))
                    .AddInterceptors(new SqliteSynchronousInterceptor(settings.SqliteSynchronous));
            }
        });
        return services;
    }

    /// <summary>Npgsql with the session dialect registered (Django's timestamptz dates, SQLSTATE faults, SKIP LOCKED cleanup).</summary>
    public static DbContextOptionsBuilder UsePostgreSql(DbContextOptionsBuilder options, string connectionString)
    {
        SessionDbDialect.Register(new PostgreSqlSessionDbDialect());
        return options.UseNpgsql(connectionString);
    }

    /// <summary>
    /// A relative <c>Data Source</c> is taken from the content root, not the working directory, so
    /// <c>dotnet run --project</c> and <c>dotnet BlazorSessionDemo.dll</c> use the same file.
    /// </summary>
    private static string SqliteConnectionString(string? configured, IHostEnvironment environment)
    {
        configured ??= "Data Source=App_Data/blazorsessiondemo.db";
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
        return connection.ToString();
    }

    private static bool IsNpgsqlConnectionString(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return false;
        }
        try
        {
            return new NpgsqlConnectionStringBuilder(connectionString).Host is { Length: > 0 };
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
