using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorSessionDemo.Tests.Support;

/// <summary>
/// The whole app in memory over its own SQLite file, with optional extra settings and services (the way a host
/// composes additions into the unchanged app, e.g. bench/BenchHost's <c>AddBenchHost</c>).
/// </summary>
public sealed class AppFactory(Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    : WebApplicationFactory<Program>
{
    public TempSqliteDatabase Database { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Default", Database.ConnectionString);
        builder.UseSetting("Session:SecretKey", SessionTestHost.Secret);
        // The lowest cost the app accepts keeps seeding the demo accounts quick in every test app.
        builder.UseSetting("Auth:BcryptWorkFactor", "10");
        builder.UseSetting("Session:SecretKeyFile", Path.Combine(Database.Folder, "secret.key"));
        // The data protection key ring of this test app, not the source tree's App_Data.
        builder.UseSetting("DataProtection:KeysFolder", Path.Combine(Database.Folder, "dataprotection-keys"));
        foreach (var (key, value) in settings ?? [])
        {
            builder.UseSetting(key, value);
        }
        if (services is not null)
        {
            builder.ConfigureServices(services);
        }
    }

    /// <summary>
    /// The app on <paramref name="engine"/>, every engine's settings given: the file engine in this app's temp folder,
    /// the redis engine on the given server under <paramref name="redisPrefix"/>.
    /// </summary>
    public static AppFactory OnEngine(string engine, string redisHost, int redisPort, string redisPrefix)
    {
        var settings = new Dictionary<string, string?> { ["Session:Engine"] = engine };
        var app = new AppFactory(settings);
        settings["Session:FilePath"] = Path.Combine(app.Database.Folder, "sessions");
        settings["Session:Redis:Host"] = redisHost;
        settings["Session:Redis:Port"] = redisPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Session:Redis:Prefix"] = redisPrefix;
        return app;
    }

    /// <summary>A cookie-keeping client that does not follow redirects, so tests see each response.</summary>
    public HttpClient CreateBrowserLikeClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Database.Dispose();
    }
}
