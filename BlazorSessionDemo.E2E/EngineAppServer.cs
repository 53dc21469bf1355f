using System.Net;
using DjangoSessions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorSessionDemo.E2E;

/// <summary>
/// The real app on real Kestrel, on a free 127.0.0.1 port, over its own fresh SQLite file, with extra configuration
/// (e.g. <c>Session:Engine</c>). Everything it created on disk is deleted on dispose, including the file engine's folder.
/// </summary>
public sealed class EngineAppServer : IDisposable
{
    // Test-only secret: the app refuses keys shorter than 32 characters, as Django warns about weak SECRET_KEYs.
    public const string SecretKey = "e2e-test-secret-key-not-for-production-0123456789";

    private readonly AppFactory factory;

    private EngineAppServer(IReadOnlyDictionary<string, string> settings, string databasePath, string? fileFolder)
    {
        DatabasePath = databasePath;
        FileFolder = fileFolder;
        RedisPrefix = settings.GetValueOrDefault("Session:Redis:Prefix");
        factory = new AppFactory(databasePath, settings);
        try
        {
            // Port 0 on the loopback address: the OS picks a free port, nothing is exposed beyond this machine.
            factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
            factory.StartServer();
            var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
            BaseUrl = addresses.Addresses.Single().TrimEnd('/');
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The app with its default engine (db) and no extra settings.</summary>
    public static EngineAppServer StartDefault() => new(new Dictionary<string, string>(), NewDatabasePath(), fileFolder: null);

    /// <summary>
    /// The app on <paramref name="engine"/>: <c>file</c> gets a fresh temp folder as <c>Session:FilePath</c>, <c>redis</c>
    /// the given server and a key prefix of its own (so a shared server holds nothing of other runs' sessions).
    /// </summary>
    public static EngineAppServer Start(string engine, RedisAddress? redis = null)
    {
        var settings = new Dictionary<string, string> { ["Session:Engine"] = engine };
        string? fileFolder = null;
        if (engine == SessionEngineNames.File)
        {
            fileFolder = Path.Combine(Path.GetTempPath(), $"blazorsessiondemo-e2e-files-{Guid.NewGuid():N}");
            settings["Session:FilePath"] = fileFolder;
        }
        if (engine == SessionEngineNames.Redis)
        {
            var address = redis ?? throw new ArgumentNullException(nameof(redis), "The redis engine needs a Redis server.");
            settings["Session:Redis:Host"] = address.Host;
            settings["Session:Redis:Port"] = address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings["Session:Redis:Prefix"] = $"e2e-{Guid.NewGuid():N}";
        }
        return new EngineAppServer(settings, NewDatabasePath(), fileFolder);
    }

    /// <summary>Like <c>http://127.0.0.1:40123</c>, without a trailing slash.</summary>
    public string BaseUrl { get; } = "";

    public string DatabasePath { get; }

    /// <summary><c>Session:FilePath</c> of the file engine; null for other engines.</summary>
    public string? FileFolder { get; }

    /// <summary>The Redis key prefix (<c>Session:Redis:Prefix</c>) of this app's sessions, unique per app; null unless redis.</summary>
    public string? RedisPrefix { get; }

    /// <summary>The running app's services (same process), e.g. to hear its session events as they happen.</summary>
    public IServiceProvider Services => factory.Services;

    public string ConnectionString => new SqliteConnectionStringBuilder { DataSource = DatabasePath }.ToString();

    public void Dispose()
    {
        factory.Dispose();
        // Pooled connections keep the file (and its WAL companions) open; release them before deleting.
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(DatabasePath + suffix);
        }
        if (Directory.Exists(DatabasePath + "-keys"))
        {
            Directory.Delete(DatabasePath + "-keys", recursive: true);
        }
        if (FileFolder is not null && Directory.Exists(FileFolder))
        {
            Directory.Delete(FileFolder, recursive: true);
        }
    }

    private static string NewDatabasePath() =>
        Path.Combine(Path.GetTempPath(), $"blazorsessiondemo-e2e-{Guid.NewGuid():N}.db");

    private sealed class AppFactory(string databasePath, IReadOnlyDictionary<string, string> settings)
        : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            // Development serves _framework/blazor.web.js and the scoped CSS from the build output (static web assets).
            builder.UseEnvironment("Development");
            builder.UseSetting("ConnectionStrings:Default", $"Data Source={databasePath}");
            builder.UseSetting("Session:SecretKey", SecretKey);
            builder.UseSetting("Auth:BcryptWorkFactor", "10");
            // The data protection key ring of this test app, not the source tree's App_Data.
            builder.UseSetting("DataProtection:KeysFolder", databasePath + "-keys");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}
