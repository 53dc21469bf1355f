using DjangoSessions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace BlazorSessionDemo.Tests.Engines.SignedCookies;

/// <summary>
/// A minimal app on <c>Session:Engine = signed_cookies</c>, registered with <c>AddSignedCookiesEngine</c> as the app
/// would, over a real SQLite file: the session middleware and a few endpoints, driven with raw Cookie headers.
/// </summary>
public sealed class SignedCookiesTestHost : IAsyncDisposable
{
    private readonly FrameworkDatabase _database;

    private SignedCookiesTestHost(WebApplication app, FrameworkDatabase database, CapturingLoggerProvider logs)
    {
        Logs = logs;
        App = app;
        _database = database;
        Client = app.GetTestClient();
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    /// <summary>Every log line of the host (the middleware's 1007 for a session too large for a cookie...).</summary>
    public CapturingLoggerProvider Logs { get; }

    public static async Task<SignedCookiesTestHost> StartAsync()
    {
        var database = new FrameworkDatabase();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Session:SecretKey"] = SignedCookieTestBed.Secret,
            ["Session:Engine"] = SessionEngineNames.SignedCookies,
        });
        var logs = new CapturingLoggerProvider();
        builder.Services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs);
        builder.Services.AddDbContextFactory<FrameworkDbContext>(o => o.UseSqlite(database.ConnectionString));
        builder.Services.AddDjangoSessions(builder.Configuration.GetSection(DjangoSessionSettings.SectionName))
            .AddSignedCookiesEngine<FrameworkDbContext>();
        var app = builder.Build();
        app.UseDjangoSessions();
        app.MapGet("/read", async (HttpContext c) => (await c.GetDjangoSessionAsync()).Get<string>("h1") ?? "(none)");
        app.MapGet("/get", async (HttpContext c, string name) => (await c.GetDjangoSessionAsync()).Get(name)?.ToJsonString() ?? "(none)");
        app.MapPost("/write", async (HttpContext c, string value) => (await c.GetDjangoSessionAsync())["h1"] = value);
        app.MapPost("/flush", async (HttpContext c) => await (await c.GetDjangoSessionAsync()).FlushAsync());
        app.MapPost("/blob", async (HttpContext c, int length) =>
        {
            // Random letters (fixed seed): zlib can't shrink them much, so the cookie grows with the length.
            var random = new Random(length);
            (await c.GetDjangoSessionAsync())["blob"] = new string([.. Enumerable.Range(0, length).Select(_ => (char)('a' + random.Next(26)))]);
        });
        app.MapPost("/cycle", async (HttpContext c) => await (await c.GetDjangoSessionAsync()).CycleKeyAsync());
        await app.StartAsync();
        return new SignedCookiesTestHost(app, database, logs);
    }

    /// <summary>Sends <paramref name="cookie"/> exactly as a browser would send back what it was given.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? cookie = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", $"sessionid={cookie}");
        }
        return Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        _database.Dispose();
    }
}
