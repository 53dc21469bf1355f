using Microsoft.AspNetCore.Hosting;
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

    /// <summary>A cookie-keeping client that does not follow redirects, so tests see each response.</summary>
    public HttpClient CreateBrowserLikeClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Database.Dispose();
    }
}
