namespace BlazorSessionDemo.E2E.MultiNode;

/// <summary>
/// Two app processes on the db engine over one SQLite file (one secret file, one key ring), behind nginx round robin.
/// Both trust exactly one proxy, nginx's upstream source address (<c>ForwardedHeaders:KnownProxies</c>).
/// </summary>
public sealed class ProxyInFront : IAsyncLifetime
{
    private readonly string _shared = Directory.CreateDirectory(
        Path.Combine(Path.GetTempPath(), "bsd-e2e-proxy", Guid.NewGuid().ToString("N"))).FullName;

    public AppServerProcess A { get; private set; } = null!;
    public AppServerProcess B { get; private set; } = null!;
    public NginxProcess Nginx { get; private set; } = null!;

    public string DatabasePath => Path.Combine(_shared, "app.db");

    public async Task InitializeAsync()
    {
        var shared = new Dictionary<string, string>
        {
            ["ConnectionStrings__Default"] = $"Data Source={DatabasePath}",
            ["Session__SecretKeyFile"] = Path.Combine(_shared, "session-secret.key"),
            ["DataProtection__KeysFolder"] = Path.Combine(_shared, "keys"),
            ["ForwardedHeaders__KnownProxies__0"] = NginxProcess.UpstreamSource,
        };
        A = await AppServerProcess.StartNodeAsync("db", shared);
        B = await AppServerProcess.StartNodeAsync("db", shared);
        Nginx = await NginxProcess.StartAsync(new Uri(A.BaseUrl), new Uri(B.BaseUrl));
    }

    public async Task DisposeAsync()
    {
        if (Nginx is not null)
        {
            await Nginx.DisposeAsync();
        }
        if (B is not null)
        {
            await B.DisposeAsync();
        }
        if (A is not null)
        {
            await A.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_shared, recursive: true);
    }
}
