using DjangoSessions.Metrics;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;

namespace BlazorSessionDemo.Tests.Engines.Cache;

/// <summary>
/// <c>AddCacheEngine()</c> / <c>AddCachedDbEngine&lt;T&gt;()</c> in a real host: which cache the engines use
/// (Session:CacheAlias, the app's default, or a memory cache when the app has none) and the check on start.
/// </summary>
public sealed class CacheEngineRegistrationTests
{
    [Fact]
    public async Task CacheEngine_WithoutAnyDistributedCache_WorksOnAMemoryCache_ForcesNoneOnTheApp()
    {
        using var host = CacheEngineHost.Build(SessionEngineNames.Cache);

        var saved = await SaveNewSessionAsync(host);

        Assert.IsType<CacheSessionEngine>(host.Engine);
        Assert.Equal(7, (await host.LoadSessionAsync(saved.SessionKey)).Get<int>("user_id"));
        Assert.Null(host.Services.GetService<IDistributedCache>());
    }

    [Fact]
    public async Task CacheEngine_UsesTheAppsDefaultCache_EvenWhenRegisteredAfterTheEngine()
    {
        var appCache = new IndexedMemoryCache(TimeProvider.System);
        using var host = CacheEngineHost.Build(SessionEngineNames.Cache,
            configure: services => services.AddSingleton<IDistributedCache>(appCache));

        await SaveNewSessionAsync(host);

        Assert.Equal(1, await appCache.CountAsync(CacheSessionEngine.KeyPrefix));
    }

    [Fact]
    public async Task CacheAlias_SelectsTheKeyedCache_NotTheDefaultOne()
    {
        var defaultCache = new IndexedMemoryCache(TimeProvider.System);
        var sessionsCache = new IndexedMemoryCache(TimeProvider.System);
        using var host = CacheEngineHost.Build(SessionEngineNames.Cache, new() { ["Session:CacheAlias"] = "sessions" },
            services => services.AddSingleton<IDistributedCache>(defaultCache)
                .AddKeyedSingleton<IDistributedCache>("sessions", sessionsCache));

        await SaveNewSessionAsync(host);

        Assert.Equal(1, await sessionsCache.CountAsync(CacheSessionEngine.KeyPrefix));
        Assert.Equal(0, await defaultCache.CountAsync(""));
    }

    [Fact]
    public void CacheAlias_NamingNoRegisteredCache_FailsOnStartWithTheName()
    {
        using var host = CacheEngineHost.Build(SessionEngineNames.Cache, new() { ["Session:CacheAlias"] = "sesions" });

        var error = Assert.Throws<OptionsValidationException>(
            () => host.Services.GetRequiredService<IOptions<DjangoSessionSettings>>().Value);

        Assert.Contains("Session:CacheAlias 'sesions'", error.Message);
    }

    [Fact]
    public void CacheEngine_OnItsInProcessCache_WhenOneOfSeveralNodes_FailsOnStartSayingWhy()
    {
        using var host = CacheEngineHost.Build(SessionEngineNames.Cache, new() { ["Session:MultipleNodes"] = "true" });

        var error = Assert.Throws<OptionsValidationException>(
            () => host.Services.GetRequiredService<IOptions<DjangoSessionSettings>>().Value);

        Assert.Contains("Session:Engine 'cache' keeps sessions in this process's memory, but Session:MultipleNodes", error.Message);
    }

    [Theory]
    [InlineData(SessionEngineNames.Cache, true)]
    [InlineData(SessionEngineNames.CachedDb, false)]
    public void SeveralNodes_StartOnASharedCache_AndCachedDbEvenOnAnInProcessOne(string engine, bool sharedCache)
    {
        // cached_db's store of record is the shared database; its per-node entries are dropped on other nodes' news.
        using var host = CacheEngineHost.Build(engine, new() { ["Session:MultipleNodes"] = "true" },
            services =>
            {
                if (sharedCache)
                {
                    // A Redis-backed cache (not connected until used: only the start-up check runs here).
                    services.AddSingleton<IDistributedCache>(new RedisCache(Options.Create(new RedisCacheOptions { Configuration = "127.0.0.1:1" })));
                }
            });

        Assert.True(host.Services.GetRequiredService<IOptions<DjangoSessionSettings>>().Value.MultipleNodes);
    }

    [Fact]
    public async Task CachedDbEngine_FromTheContainer_WritesTheRowAndItsOwnCacheEntry()
    {
        var appCache = new IndexedMemoryCache(TimeProvider.System);
        using var host = CacheEngineHost.Build(SessionEngineNames.CachedDb,
            configure: services => services.AddSingleton<IDistributedCache>(appCache));

        var saved = await SaveNewSessionAsync(host);

        Assert.IsType<CachedDbSessionEngine<FrameworkDbContext>>(host.Engine);
        Assert.True(await host.Database.RowExistsAsync(saved.SessionKey!));
        Assert.Equal(1, await appCache.CountAsync(CacheSessionEngine.CachedDbKeyPrefix));
        Assert.Equal(0, await appCache.CountAsync(CacheSessionEngine.KeyPrefix));
    }

    private static async Task<DjangoSession> SaveNewSessionAsync(CacheEngineHost host)
    {
        var session = await host.LoadSessionAsync();
        session["user_id"] = 7;
        await session.SaveAsync();
        return session;
    }
}
