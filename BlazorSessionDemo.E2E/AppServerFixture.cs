namespace BlazorSessionDemo.E2E;

/// <summary>
/// The collection's shared app: the real app on real Kestrel with its default engine (db), on a free 127.0.0.1 port,
/// over its own fresh SQLite file, so a browser can talk to it and the tests can read the <c>django_session</c> table.
/// </summary>
public sealed class AppServerFixture : IDisposable
{
    public const string SecretKey = EngineAppServer.SecretKey;

    private readonly EngineAppServer server = EngineAppServer.StartDefault();

    /// <summary>Like <c>http://127.0.0.1:40123</c>, without a trailing slash.</summary>
    public string BaseUrl => server.BaseUrl;

    public string DatabasePath => server.DatabasePath;

    public string ConnectionString => server.ConnectionString;

    public void Dispose() => server.Dispose();
}
