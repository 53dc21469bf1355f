using DjangoSessions.Http;
using Microsoft.AspNetCore.Http;

namespace BlazorSessionDemo.Tests.Engines.Redis;

/// <summary>
/// A minimal app with the session middleware on the <c>redis</c> engine (registered as the app would, through
/// <c>AddRedisEngine</c>), its health check, and endpoints that read and write one value.
/// </summary>
public sealed class RedisSessionTestHost : IAsyncDisposable
{
    private const string Secret = "test-secret-key-for-the-redis-engine-tests-0123456789";

    private RedisSessionTestHost(WebApplication app) => App = app;

    public WebApplication App { get; }

    public HttpClient Client => field ??= App.GetTestClient();

    public static Task<RedisSessionTestHost> StartAsync(string host, int port, string prefix) =>
        StartAsync(new Dictionary<string, string?>
        {
            ["Session:Redis:Host"] = host,
            ["Session:Redis:Port"] = port.ToString(),
            ["Session:Redis:Prefix"] = prefix,
        });

    /// <summary>The app with these <c>Session:Redis:*</c> entries (e.g. a <c>Configuration</c> string for a cluster).</summary>
    public static async Task<RedisSessionTestHost> StartAsync(Dictionary<string, string?> redisSettings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Session:SecretKey"] = Secret,
            ["Session:Engine"] = SessionEngineNames.Redis,
        });
        builder.Configuration.AddInMemoryCollection(redisSettings);
        builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero)));
        builder.Services.AddDjangoSessions(builder.Configuration.GetSection(DjangoSessionSettings.SectionName))
            .AddRedisEngine();
        builder.Services.AddHealthChecks().AddCheck<SessionStoreHealthCheck>("session-store");
        var app = builder.Build();
        app.UseDjangoSessions();
        app.MapHealthChecks("/healthz");
        app.MapGet("/read", async (HttpContext c) => (await c.GetDjangoSessionAsync()).Get<string>("h1") ?? "(none)");
        app.MapPost("/write", async (HttpContext c, string value) => (await c.GetDjangoSessionAsync())["h1"] = value);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            // A start refused by validation: nothing is left running.
            await app.DisposeAsync();
            throw;
        }
        return new RedisSessionTestHost(app);
    }

    /// <summary>Sends a request carrying <paramref name="sessionKey"/> as the session cookie (or none).</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? sessionKey = null, string? accept = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (sessionKey is not null)
        {
            request.Headers.Add("Cookie", $"sessionid={sessionKey}");
        }
        if (accept is not null)
        {
            request.Headers.Add("Accept", accept);
        }
        return Client.SendAsync(request);
    }

    /// <summary>Writes h1 and returns the new session key from the cookie.</summary>
    public async Task<string> CreateSessionAsync(string value)
    {
        var response = await SendAsync(HttpMethod.Post, $"/write?value={value}");
        response.EnsureSuccessStatusCode();
        return SetCookie.Find(response.Headers, "sessionid")!.Value;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
