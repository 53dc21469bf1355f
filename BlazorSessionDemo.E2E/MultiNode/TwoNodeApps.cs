using BlazorSessionDemo.TestSupport;
using Npgsql;

namespace BlazorSessionDemo.E2E.MultiNode;

/// <summary>
/// The app deployed twice: two processes (<c>dotnet BlazorSessionDemo.dll</c>) on their own ports, sharing what a
/// deployment shares - the session store, one database (users and the session catalog), one session secret file and
/// one data protection key ring. A starts first, so B finds the database migrated and seeded. Each store set is a
/// subclass: redis, db on one SQLite file, db on PostgreSQL.
/// </summary>
public abstract class TwoNodeApps : IAsyncLifetime
{
    protected string SharedFolder { get; } = Directory.CreateDirectory(
        Path.Combine(Path.GetTempPath(), "bsd-e2e-nodes", Guid.NewGuid().ToString("N"))).FullName;

    public AppServerProcess A { get; private set; } = null!;
    public AppServerProcess B { get; private set; } = null!;

    /// <summary>The engine and the settings of the store set (beyond the secret and the key ring every set shares).</summary>
    protected abstract Task<(string Engine, Dictionary<string, string> Settings)> StoresAsync();

    public async Task InitializeAsync()
    {
        var (engine, stores) = await StoresAsync();
        var shared = new Dictionary<string, string>(stores)
        {
            // Development: blazor.web.js and the scoped CSS come from the build output (static web assets).
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Session__SecretKeyFile"] = Path.Combine(SharedFolder, "session-secret.key"),
            ["DataProtection__KeysFolder"] = Path.Combine(SharedFolder, "keys"),
        };
        shared.TryAdd("ConnectionStrings__Default", $"Data Source={Path.Combine(SharedFolder, "app.db")}");
        A = await AppServerProcess.StartNodeAsync(engine, shared);
        B = await AppServerProcess.StartNodeAsync(engine, shared);
    }

    public virtual async Task DisposeAsync()
    {
        if (B is not null)
        {
            await B.DisposeAsync();
        }
        if (A is not null)
        {
            await A.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(SharedFolder, recursive: true);
    }
}

/// <summary>The redis engine on one redis-server (expiry notifications on): events over Redis pub/sub.</summary>
public sealed class RedisTwoNodeApps : TwoNodeApps
{
    private RedisServerProcess? _redis;

    protected override async Task<(string, Dictionary<string, string>)> StoresAsync()
    {
        _redis = await RedisServerProcess.StartNewAsync(false, "--notify-keyspace-events", "Ex");
        return ("redis", new()
        {
            ["Session__Redis__Host"] = _redis.Host,
            ["Session__Redis__Port"] = _redis.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Session__Redis__Prefix"] = "nodes-" + Guid.NewGuid().ToString("N"),
        });
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }
}

/// <summary>The db engine on one SQLite file (processes on one machine): events through the outbox table.</summary>
public sealed class SqliteTwoNodeApps : TwoNodeApps
{
    protected override Task<(string, Dictionary<string, string>)> StoresAsync() =>
        Task.FromResult(("db", new Dictionary<string, string> { ["Session__MultipleNodes"] = "true" }));
}

/// <summary>
/// The db engine on a PostgreSQL database of its own, on the server <c>./test.sh</c> starts
/// (<c>POSTGRES_TEST_CONNECTION</c>): events over LISTEN/NOTIFY, no setting.
/// </summary>
public sealed class PostgreSqlTwoNodeApps : TwoNodeApps
{
    private readonly string _database = "bsd_e2e_" + Guid.NewGuid().ToString("N");

    private static string Server => Environment.GetEnvironmentVariable("POSTGRES_TEST_CONNECTION") is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException("POSTGRES_TEST_CONNECTION is not set: ./test.sh starts a throwaway PostgreSQL and sets it.");

    protected override async Task<(string, Dictionary<string, string>)> StoresAsync()
    {
        await ExecuteAsync($"CREATE DATABASE \"{_database}\"");
        return ("db", new()
        {
            ["Database__Provider"] = "PostgreSQL",
            ["ConnectionStrings__Default"] = new NpgsqlConnectionStringBuilder(Server) { Database = _database }.ConnectionString,
        });
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)");
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
