using System.Globalization;
using BlazorSessionDemo.Tests.Engines.Cache;
using BlazorSessionDemo.Tests.Engines.Redis;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Distributed;

namespace BlazorSessionDemo.Tests.Security;

/// <summary>
/// The whole app on one engine, on a <see cref="FakeTimeProvider"/> (starting at the real now, so the data protection
/// keys behind antiforgery stay valid), with every backing store countable: session rows, cache entries (the real
/// memory cache, indexed), session files, Redis keys under a unique prefix, and signed_cookies' revocation ledger.
/// </summary>
public sealed class EngineApp : IAsyncDisposable
{
    public static TheoryData<string> AllEngines => ["db", "cache", "cached_db", "file", "signed_cookies", "redis"];

    private readonly AppFactory _factory;
    private readonly RedisServerFixture _redis;

    public EngineApp(string engine, RedisServerFixture redis, Dictionary<string, string?>? settings = null,
        Action<IServiceCollection>? testServices = null)
    {
        Engine = engine;
        _redis = redis;
        var all = new Dictionary<string, string?>(settings ?? []) { ["Session:Engine"] = engine };
        _factory = new AppFactory(all);
        SessionFolder = Path.Combine(_factory.Database.Folder, "sessions");
        RedisPrefix = $"security-{Guid.NewGuid():N}";
        all["Session:FilePath"] = SessionFolder;
        all["Session:Redis:Host"] = redis.Host;
        all["Session:Redis:Port"] = redis.Port.ToString(CultureInfo.InvariantCulture);
        all["Session:Redis:Prefix"] = RedisPrefix;
        Cache = new IndexedMemoryCache(Time);
        Host = _factory.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            services.AddSingleton<IDistributedCache>(Cache);
            services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, TestRemoteAddress>();
            testServices?.Invoke(services);
        }));
    }

    public string Engine { get; }

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    public IndexedMemoryCache Cache { get; }

    public WebApplicationFactory<Program> Host { get; }

    public TempSqliteDatabase Database => _factory.Database;

    /// <summary>The base factory, for helpers that read its database (its own host is never started by them).</summary>
    public AppFactory Factory => _factory;

    public string SessionFolder { get; }

    public string RedisPrefix { get; }

    public RedisServerFixture Redis => _redis;

    public IServiceProvider Services => Host.Services;

    /// <summary>A client that keeps cookies (as a browser) or not (to send a chosen cookie by hand); never follows redirects.</summary>
    public HttpClient CreateClient(bool handleCookies = true, string baseAddress = "http://localhost") =>
        Host.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            HandleCookies = handleCookies,
            BaseAddress = new Uri(baseAddress),
        });

    /// <summary>What one live session adds to <see cref="CountStoredAsync"/>: cached_db keeps a row and a cache entry,
    /// signed_cookies nothing (the session is the cookie), the others one entry.</summary>
    public int EntriesPerSession => Engine switch
    {
        "cached_db" => 2,
        "signed_cookies" => 0,
        _ => 1,
    };

    /// <summary>Everything any engine keeps server-side: rows, cache entries, session files, Redis keys, revocations.</summary>
    public async Task<int> CountStoredAsync()
    {
        _ = Host.Services;
        await using var db = Database.CreateContext();
        var rows = await db.DjangoSessions.CountAsync();
        var revoked = await db.RevokedSessions.CountAsync();
        var files = Directory.Exists(SessionFolder) ? Directory.GetFiles(SessionFolder).Length : 0;
        var redisKeys = (await _redis.KeysAsync(RedisPrefix)).Count;
        return rows + revoked + files + redisKeys + await Cache.CountAsync("");
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await _factory.DisposeAsync();
    }
}
