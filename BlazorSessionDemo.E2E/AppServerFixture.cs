using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorSessionDemo.E2E;

/// <summary>
/// The real app on real Kestrel, on a free 127.0.0.1 port, over its own fresh SQLite file,
/// so a browser can talk to it and the tests can read the <c>django_session</c> table it writes.
/// </summary>
public sealed class AppServerFixture : IDisposable
{
    // Test-only secret: the app refuses keys shorter than 32 characters, as Django warns about weak SECRET_KEYs.
    public const string SecretKey = "e2e-test-secret-key-not-for-production-0123456789";

    private readonly AppFactory factory;

    public AppServerFixture()
    {
        DatabasePath = Path.Combine(Path.GetTempPath(), $"blazorsessiondemo-e2e-{Guid.NewGuid():N}.db");
        factory = new AppFactory(DatabasePath);
        // Port 0 on the loopback address: the OS picks a free port, nothing is exposed beyond this machine.
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseUrl = addresses.Addresses.Single().TrimEnd('/');
    }

    /// <summary>Like <c>http://127.0.0.1:40123</c>, without a trailing slash.</summary>
    public string BaseUrl { get; }

    public string DatabasePath { get; }

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
    }

    private sealed class AppFactory(string databasePath) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            // Development serves _framework/blazor.web.js and the scoped CSS from the build output (static web assets).
            builder.UseEnvironment("Development");
            builder.UseSetting("ConnectionStrings:Default", $"Data Source={databasePath}");
            builder.UseSetting("Session:SecretKey", SecretKey);
            builder.UseSetting("Auth:BcryptWorkFactor", "10");
        }
    }
}
