using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BlazorSessionDemo.Tests.Auth;
using BlazorSessionDemo.Tests.Engines.Redis;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using StackExchange.Redis;

namespace BlazorSessionDemo.Tests.Faults;

/// <summary>
/// Redis stopped while the whole app runs (a redis-server of the test's own, killed and started again, keeping its data
/// in an fsynced append-only file). On the redis engine: a clear 503 (JSON for API clients, a page for browsers), never a
/// 500 and never a new empty session; once Redis is back the same cookie works, without restarting the app. On cached_db
/// with a Redis cache: the database keeps serving logins and sessions while the cache is down.
/// </summary>
public sealed class RedisOutageAppTests
{
    private const string Unavailable = "session store is temporarily unavailable";

    [Fact]
    public async Task RedisEngine_RedisStopped_Answers503WithReason_NoCookie_ThenTheSameCookieWorksAgain()
    {
        await using var redis = await RedisServerProcess.StartNewAsync(persistent: true);
        await using var app = new AppFactory(new()
        {
            ["Session:Engine"] = SessionEngineNames.Redis,
            ["Session:Redis:Host"] = redis.Host,
            ["Session:Redis:Port"] = redis.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Session:Redis:Prefix"] = "outage-" + Guid.NewGuid().ToString("N"),
        });
        var alice = app.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.OK, (await AuthClient.ApiLoginAsync(alice, "alice@example.com", "alice-password")).StatusCode);

        await redis.StopAsync();

        var api = await Eventually.Bounded(alice.SendAsync(Request(HttpMethod.Get, "/api/me", "application/json")));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        Assert.Contains(Unavailable, JsonNode.Parse(await api.Content.ReadAsStringAsync())?["error"]?.GetValue<string>());
        Assert.Empty(SetCookie.All(api.Headers));
        var page = await Eventually.Bounded(alice.SendAsync(Request(HttpMethod.Get, "/backend", "text/html")));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains(Unavailable, await page.Content.ReadAsStringAsync());
        Assert.Empty(SetCookie.All(page.Headers));
        // A new login can't be stored: no cookie for a session that doesn't exist.
        var login = await Eventually.Bounded(app.CreateBrowserLikeClient().SendAsync(LoginRequest("bob@example.com", "bob-password")));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, login.StatusCode);
        Assert.Null(SetCookie.Find(login.Headers, AuthClient.CookieName));
        Rejections.AssertNoTrace(await login.Content.ReadAsStringAsync());
        // Logging out can't be done either, and says so instead of deleting only the cookie.
        var logout = await Eventually.Bounded(alice.SendAsync(Request(HttpMethod.Post, "/api/logout", "application/json")));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, logout.StatusCode);
        Assert.Empty(SetCookie.All(logout.Headers));

        await redis.StartAsync();
        await Eventually.WaitUntilAsync("the app reconnected to the restarted redis-server", async () =>
            (await app.CreateClient().GetAsync("/healthz")).StatusCode == HttpStatusCode.OK);

        var me = await alice.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal("alice", JsonNode.Parse(await me.Content.ReadAsStringAsync())?["name"]?.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await AuthClient.ApiLoginAsync(app.CreateBrowserLikeClient(), "bob@example.com", "bob-password")).StatusCode);
    }

    [Fact]
    public async Task CachedDb_ItsRedisCacheStopped_LoginsAndSessionsKeepWorkingFromTheDatabase()
    {
        await using var cachedDb = await CachedDbOnRedis.StartAsync();
        var (redis, app, withCache, instance) = (cachedDb.Redis, cachedDb.App, cachedDb.Site, cachedDb.Instance);
        var client = withCache.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.OK, (await AuthClient.ApiLoginAsync(client, "alice@example.com", "alice-password")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
        Assert.True(await CachedEntriesAsync(redis, instance) > 0, "the session went through the Redis cache before the outage");

        await redis.StopAsync();

        var me = await Eventually.Bounded(client.GetAsync("/api/me"));
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal("alice", JsonNode.Parse(await me.Content.ReadAsStringAsync())?["name"]?.GetValue<string>());
        var bob = withCache.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var login = await Eventually.Bounded(AuthClient.ApiLoginAsync(bob, "bob@example.com", "bob-password"));
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.True(await app.Database.RowExistsAsync(AuthClient.SessionKeyOf(login)));
        Assert.Equal(HttpStatusCode.OK, (await Eventually.Bounded(bob.GetAsync("/api/me"))).StatusCode);

        await redis.StartAsync();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task CachedDb_LogoutWhileItsRedisCacheIsDown_StaysLoggedOut_WhenTheCacheComesBack()
    {
        await using var cachedDb = await CachedDbOnRedis.StartAsync();
        var (redis, app, withCache, instance) = (cachedDb.Redis, cachedDb.App, cachedDb.Site, cachedDb.Instance);
        var client = withCache.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var login = await AuthClient.ApiLoginAsync(client, "alice@example.com", "alice-password");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var key = AuthClient.SessionKeyOf(login);
        Assert.True(await CachedEntriesAsync(redis, instance) > 0, "the session is in the Redis cache before the outage");

        await redis.StopAsync();
        Assert.Equal(HttpStatusCode.OK, (await Eventually.Bounded(client.PostAsync("/api/logout", null))).StatusCode);
        await redis.StartAsync();
        Assert.True(await CachedEntriesAsync(redis, instance + "*" + key) > 0, "the stale entry survived the outage (the fault is real)");

        // Wait until the app's own cache connection is back (a new login lands in Redis), then replay the old cookie.
        var bob = withCache.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var bobLogin = await AuthClient.ApiLoginAsync(bob, "bob@example.com", "bob-password");
            if (bobLogin.StatusCode == HttpStatusCode.OK
                && await CachedEntriesAsync(redis, instance + "*" + AuthClient.SessionKeyOf(bobLogin)) > 0)
            {
                break;
            }
            await Task.Delay(200);
        }
        Assert.True(await CachedEntriesAsync(redis, instance + "*") > 1, "the app's cache connection came back");
        var replay = withCache.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await AuthClient.SendWithSessionAsync(replay, HttpMethod.Get, "/api/me", key)).StatusCode);
        Assert.False(await app.Database.RowExistsAsync(key));
    }

    /// <summary>
    /// The app on cached_db whose cache (<c>Session:CacheAlias</c>) is a Redis of the test's own that keeps its data
    /// across a stop, under a key prefix of its own.
    /// </summary>
    private sealed class CachedDbOnRedis : IAsyncDisposable
    {
        private CachedDbOnRedis(RedisServerProcess redis)
        {
            Redis = redis;
            App = new AppFactory(new()
            {
                ["Session:Engine"] = SessionEngineNames.CachedDb,
                ["Session:CacheAlias"] = "sessions-redis",
            });
            Site = App.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
                services.AddKeyedSingleton<IDistributedCache>("sessions-redis", (_, _) => RedisCacheFor(redis, Instance))));
        }

        public RedisServerProcess Redis { get; }

        public AppFactory App { get; }

        public WebApplicationFactory<Program> Site { get; }

        public string Instance { get; } = $"cdb-{Guid.NewGuid():N}:";

        public static async Task<CachedDbOnRedis> StartAsync() => new(await RedisServerProcess.StartNewAsync(persistent: true));

        public async ValueTask DisposeAsync()
        {
            await Site.DisposeAsync();
            await App.DisposeAsync();
            await Redis.DisposeAsync();
        }
    }

    private static async Task<int> CachedEntriesAsync(RedisServerProcess redis, string instance)
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync($"{redis.Host}:{redis.Port},allowAdmin=true");
        var keys = 0;
        await foreach (var _ in admin.GetServer(redis.Host, redis.Port).KeysAsync(pattern: instance + "*"))
        {
            keys++;
        }
        return keys;
    }

    private static RedisCache RedisCacheFor(RedisServerProcess redis, string instance)
    {
        // Fail fast while Redis is down, as the redis engine's own connection does: a request must not queue behind a
        // dead socket before cached_db falls back to the database.
        var options = new ConfigurationOptions
        {
            AbortOnConnectFail = false,
            ConnectTimeout = 1000,
            SyncTimeout = 1000,
            AsyncTimeout = 1000,
            BacklogPolicy = BacklogPolicy.FailFast,
            ReconnectRetryPolicy = new ExponentialRetry(250, 1000),
        };
        options.EndPoints.Add(redis.Host, redis.Port);
        return new RedisCache(Options.Create(new RedisCacheOptions { ConfigurationOptions = options, InstanceName = instance }));
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string accept)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Accept", accept);
        return request;
    }

    private static HttpRequestMessage LoginRequest(string email, string password)
    {
        var request = Request(HttpMethod.Post, "/api/login", "application/json");
        request.Content = JsonContent.Create(new { email, password });
        return request;
    }
}
