using BlazorSessionDemo.TestSupport;

namespace BlazorSessionDemo.E2E.MultiNode;

/// <summary>
/// The app deployed twice: two processes (<c>dotnet BlazorSessionDemo.dll</c>) on their own ports, sharing what a
/// deployment shares - one redis-server (the redis engine, with expiry notifications on), one SQLite database (users
/// and the session catalog), one session secret file and one data protection key ring. A starts first, so B finds
/// the database migrated and seeded.
/// </summary>
public sealed class TwoNodeApps : IAsyncLifetime
{
    private readonly string _shared = Directory.CreateDirectory(
        Path.Combine(Path.GetTempPath(), "bsd-e2e-nodes", Guid.NewGuid().ToString("N"))).FullName;

    public RedisServerProcess Redis { get; private set; } = null!;
    public AppServerProcess A { get; private set; } = null!;
    public AppServerProcess B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Redis = await RedisServerProcess.StartNewAsync(false, "--notify-keyspace-events", "Ex");
        var shared = new Dictionary<string, string>
        {
            // Development: blazor.web.js and the scoped CSS come from the build output (static web assets).
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__Default"] = $"Data Source={Path.Combine(_shared, "app.db")}",
            ["Session__SecretKeyFile"] = Path.Combine(_shared, "session-secret.key"),
            ["DataProtection__KeysFolder"] = Path.Combine(_shared, "keys"),
            ["Session__Redis__Host"] = Redis.Host,
            ["Session__Redis__Port"] = Redis.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Session__Redis__Prefix"] = "nodes-" + Guid.NewGuid().ToString("N"),
        };
        A = await AppServerProcess.StartNodeAsync("redis", shared);
        B = await AppServerProcess.StartNodeAsync("redis", shared);
    }

    public async Task DisposeAsync()
    {
        if (B is not null)
        {
            await B.DisposeAsync();
        }
        if (A is not null)
        {
            await A.DisposeAsync();
        }
        if (Redis is not null)
        {
            await Redis.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_shared, recursive: true);
    }
}
