using BlazorSessionDemo.Auth;
using BlazorSessionDemo.Data;
using DjangoSessions;
using DjangoSessions.EntityFrameworkCore;
using DjangoSessions.Redis;
using DjangoSessions.Engines;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Micro;

/// <summary>
/// The app's own service registrations (as Program.cs makes them) over a temp folder: a SQLite file, a session file
/// folder, and the bench redis-server when BENCH_REDIS_PORT is set.
/// </summary>
internal sealed class MicroHost : IDisposable
{
    public const string Secret = "bench-only-secret-key-not-used-anywhere-else-0123456789";

    private MicroHost(IHost host, string folder)
    {
        Host = host;
        Folder = folder;
    }

    public IHost Host { get; }
    public string Folder { get; }
    public IServiceProvider Services => Host.Services;

    public static string? RedisPort => Environment.GetEnvironmentVariable("BENCH_REDIS_PORT");

    public static MicroHost Start()
    {
        var folder = Directory.CreateTempSubdirectory("bench-micro-").FullName;
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Default"] = $"Data Source={Path.Combine(folder, "micro.db")}",
            ["Session:SecretKey"] = Secret,
            ["Session:FilePath"] = Path.Combine(folder, "files"),
            ["Session:Redis:Host"] = "127.0.0.1",
            ["Session:Redis:Port"] = RedisPort ?? "6379",
            ["Session:Redis:Prefix"] = "micro",
            ["Auth:BcryptWorkFactor"] = "10",
        });
        Directory.CreateDirectory(Path.Combine(folder, "files"));
        builder.Services.AddAppDatabase(builder.Configuration, builder.Environment);
        builder.Services.AddAppSessions(builder.Configuration);
        builder.Services.AddSessionAuthentication(builder.Configuration);
        var host = builder.Build();
        host.Services.InitializeDatabaseAsync().GetAwaiter().GetResult();
        host.Services.SeedDemoAccountsAsync().GetAwaiter().GetResult();
        return new MicroHost(host, folder);
    }

    public ISessionEngine Engine(string name) => Services.GetRequiredKeyedService<ISessionEngine>(name);

    public void Dispose()
    {
        Host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }
}
