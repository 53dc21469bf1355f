using BlazorSessionDemo.Data;
using DjangoSessions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace BlazorSessionDemo.Tests.Support;

/// <summary>
/// A minimal app with only the session middleware and a few endpoints, on the real db engine and a real SQLite file,
/// for testing the middleware's HTTP behaviour without the pages around it.
/// </summary>
public sealed class SessionTestHost : IAsyncDisposable
{
    public const string Secret = "test-secret-key-for-the-middleware-tests-0123456789";

    private SessionTestHost(WebApplication app, TempSqliteDatabase database, FakeTimeProvider time)
    {
        App = app;
        Database = database;
        Time = time;
    }

    public WebApplication App { get; }
    public TempSqliteDatabase Database { get; }
    public FakeTimeProvider Time { get; }

    /// <summary>Every log line of the host (the middleware's 1002, 1006, 1008...).</summary>
    public CapturingLoggerProvider Logs { get; private init; } = new();
    private HttpClient? _client;

    public HttpClient Client => _client ??= App.GetTestClient();

    /// <summary>Released by a test to let <c>/slow-write</c> finish, for concurrent-request tests.</summary>
    public TaskCompletionSource SlowWriteGate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completed by <c>/slow-write</c> once it has loaded the session.</summary>
    public TaskCompletionSource SlowWriteLoaded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="engineConnectionString">How the engine opens the database, e.g. read-only to simulate a store that can't write.</param>
    public static async Task<SessionTestHost> StartAsync(Dictionary<string, string?>? settings = null,
        Func<TempSqliteDatabase, string>? engineConnectionString = null)
    {
        var database = new TempSqliteDatabase();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Session:SecretKey"] = Secret });
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.Services.AddSingleton<TimeProvider>(time);
        var logs = new CapturingLoggerProvider();
        builder.Services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs);
        var connectionString = engineConnectionString?.Invoke(database) ?? database.ConnectionString;
        builder.Services.AddDbContextFactory<AppDbContext>(o => o.UseSqlite(connectionString));
        builder.Services.AddDjangoSessions(builder.Configuration.GetSection(DjangoSessionSettings.SectionName))
            .AddDbEngine<AppDbContext>();
        builder.Services.AddHealthChecks().AddCheck<SessionStoreHealthCheck>("session-store");
        var app = builder.Build();
        var host = new SessionTestHost(app, database, time) { Logs = logs };
        app.UseDjangoSessions();
        MapEndpoints(app, host);
        await app.StartAsync();
        return host;
    }

    private static void MapEndpoints(WebApplication app, SessionTestHost host)
    {
        app.MapHealthChecks("/healthz");
        app.MapGet("/untouched", () => "ok");
        app.MapGet("/enabled", (HttpContext c) => c.HasDjangoSession() ? "yes" : "no");
        app.MapGet("/peek", async (HttpContext c) =>
        {
            // The session as found, then whether a load after it hands back the same one and a second load is done at once.
            if (c.FindDjangoSession() is not { } found)
            {
                return "off";
            }
            var before = $"{found.SessionKey ?? "(none)"} loaded={found.IsLoaded}";
            var loaded = await c.GetDjangoSessionAsync();
            var again = c.GetDjangoSessionAsync();
            return $"{before}; same={ReferenceEquals(found, loaded)}; again at once={again.IsCompletedSuccessfully && ReferenceEquals(again.Result, loaded)}; h1={loaded.Get("h1")?.ToJsonString() ?? "(none)"}";
        });
        app.MapGet("/read", (Delegate)ReadH1Async);
        app.MapGet("/key", async (HttpContext c) => (await c.GetDjangoSessionAsync()).SessionKey ?? "(none)");
        app.MapPost("/write", async (HttpContext c, string value) => (await c.GetDjangoSessionAsync())["h1"] = value);
        app.MapPost("/flush", async (HttpContext c) => await (await c.GetDjangoSessionAsync()).FlushAsync());
        app.MapPost("/set", async (HttpContext c, string name, string value) => (await c.GetDjangoSessionAsync())[name] = value);
        app.MapGet("/get", async (HttpContext c, string name) => (await c.GetDjangoSessionAsync()).Get(name)?.ToJsonString() ?? "(none)");
        app.MapPost("/increment", async (HttpContext c) =>
        {
            var session = await c.GetDjangoSessionAsync();
            session["n"] = session.Get<int>("n") + 1;
        });
        app.MapPost("/cycle", async (HttpContext c) => await (await c.GetDjangoSessionAsync()).CycleKeyAsync());
        app.MapPost("/expiry", async (HttpContext c, int? seconds) =>
        {
            var session = await c.GetDjangoSessionAsync();
            session.SetExpiry(seconds);
            session["h1"] = "expiring";
        });
        app.MapPost("/write-then-500", async (HttpContext c) =>
        {
            (await c.GetDjangoSessionAsync())["h1"] = "lost";
            return Results.StatusCode(500);
        });
        app.MapPost("/write-then-throw", async (HttpContext c) =>
        {
            (await c.GetDjangoSessionAsync())["h1"] = "lost";
            throw new InvalidOperationException("boom");
        });
        app.MapGet("/read-with-vary", async (HttpContext c) =>
        {
            c.Response.Headers.Vary = "Accept-Encoding";
            return await ReadH1Async(c);
        });
        app.MapGet("/read-with-vary-cookie", async (HttpContext c) =>
        {
            c.Response.Headers.Vary = "Accept-Encoding, cookie";
            return await ReadH1Async(c);
        });
        app.MapGet("/load", async (HttpContext c, bool requestAborted, string token) =>
        {
            // Which token the load honours: the request's own (when aborted) or one the caller passes.
            if (requestAborted)
            {
                c.RequestAborted = new CancellationToken(canceled: true);
            }
            using var live = new CancellationTokenSource();
            var given = token switch { "cancelled" => new CancellationToken(canceled: true), "live" => live.Token, _ => default };
            try
            {
                return (await c.GetDjangoSessionAsync(given)).Get<string>("h1") ?? "(none)";
            }
            catch (OperationCanceledException)
            {
                return "cancelled";
            }
        });
        app.MapPost("/slow-write", async (HttpContext c) =>
        {
            var session = await c.GetDjangoSessionAsync();
            host.SlowWriteLoaded.TrySetResult();
            await host.SlowWriteGate.Task;
            session["late"] = "write";
            return "written";
        });
    }

    private static async Task<string> ReadH1Async(HttpContext context)
    {
        var session = await context.GetDjangoSessionAsync();
        return session.Get<string>("h1") ?? "(none)";
    }

    /// <summary>Sends a request carrying <paramref name="sessionKey"/> as the session cookie (or none).</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? sessionKey = null, string cookieName = "sessionid")
    {
        var request = new HttpRequestMessage(method, path);
        if (sessionKey is not null)
        {
            request.Headers.Add("Cookie", $"{cookieName}={sessionKey}");
        }
        return Client.SendAsync(request);
    }

    /// <summary>Writes h1 and returns the new session key from the cookie.</summary>
    public async Task<string> CreateSessionAsync(string value = "hello")
    {
        var response = await SendAsync(HttpMethod.Post, $"/write?value={value}");
        response.EnsureSuccessStatusCode();
        return SetCookie.Find(response.Headers, "sessionid")!.Value;
    }

    public async ValueTask DisposeAsync()
    {
        SlowWriteGate.TrySetResult();
        await App.StopAsync();
        await App.DisposeAsync();
        Database.Dispose();
    }
}
