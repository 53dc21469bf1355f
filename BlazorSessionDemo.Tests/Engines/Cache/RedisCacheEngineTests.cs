using System.Text.Json.Nodes;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using StackExchange.Redis;

namespace BlazorSessionDemo.Tests.Engines.Cache;

/// <summary>
/// The <c>cache</c> engine on a Redis-backed <see cref="IDistributedCache"/> (Microsoft's StackExchange.Redis cache)
/// against a real redis-server, selected by Session:CacheAlias as an app would configure it.
/// </summary>
[Collection(CacheRedisCollection.Name)]
public sealed class RedisCacheEngineTests(RedisTestServer redis) : IAsyncLifetime
{
    private const string Alias = "sessions";

    // Each test writes under its own instance name, so tests sharing the server never see each other's keys.
    private readonly string _instance = $"cache-engine-tests:{Guid.NewGuid():N}:";
    private readonly IndexedMemoryCache _defaultCache = new(TimeProvider.System);
    private CacheEngineHost? _host;

    private CacheEngineHost Host => _host ??= CacheEngineHost.Build(SessionEngineNames.Cache,
        new() { ["Session:CacheAlias"] = Alias, ["Session:CookieAge"] = "600" },
        services => services.AddSingleton<IDistributedCache>(_defaultCache)
            .AddKeyedSingleton<IDistributedCache>(Alias, (_, _) => new RedisCache(Options.Create(new RedisCacheOptions
            {
                Configuration = redis.Configuration,
                InstanceName = _instance,
            }))));

    private IDatabase Server => redis.Connection.GetDatabase();

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Leaves the shared server as it was: this test's keys are deleted, not left to expire.</summary>
    public async Task DisposeAsync()
    {
        _host?.Dispose();
        await redis.DeleteKeysAsync(_instance);
    }

    [Fact]
    public async Task Save_StoresTheSessionInRedis_UnderTheAliasedCache_WithTheSessionsTimeToLive()
    {
        var session = await SaveNewSessionAsync();

        var redisKey = _instance + CacheSessionEngine.KeyPrefix + session.SessionKey;
        Assert.True(await Server.KeyExistsAsync(redisKey), $"{redisKey} is not in redis");
        var ttl = await Server.KeyTimeToLiveAsync(redisKey);
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(600));
        Assert.Equal(0, await _defaultCache.CountAsync(""));
    }

    [Fact]
    public async Task Load_InAFreshSession_ReadsTheDataBackFromRedis()
    {
        var session = await SaveNewSessionAsync();

        var loaded = await Host.LoadSessionAsync(session.SessionKey);

        Assert.Equal(session.SessionKey, loaded.SessionKey);
        Assert.Equal(7, loaded.Get<int>("user_id"));
    }

    [Fact]
    public async Task Load_AfterRedisLostTheEntry_IsLoggedOut_NoException()
    {
        var session = await SaveNewSessionAsync();
        Assert.True(await Server.KeyDeleteAsync(_instance + CacheSessionEngine.KeyPrefix + session.SessionKey));

        var loaded = await Host.LoadSessionAsync(session.SessionKey);

        Assert.Null(loaded.SessionKey);
        Assert.Equal(0, loaded.Count);
    }

    [Fact]
    public async Task Flush_RemovesTheEntryFromRedis()
    {
        var session = await SaveNewSessionAsync();
        var oldKey = session.SessionKey!;

        await session.FlushAsync();

        Assert.False(await Server.KeyExistsAsync(_instance + CacheSessionEngine.KeyPrefix + oldKey));
        Assert.Null((await Host.LoadSessionAsync(oldKey)).SessionKey);
    }

    [Fact]
    public async Task Save_OfDataZlibShrinks_IsStoredCompressed_ForItLeavesTheProcess()
    {
        // The in-process cache skips zlib (its entries never leave the process); a shared cache's bytes travel and are
        // stored, so Django's compress=True applies as it would on any other store.
        var session = await Host.LoadSessionAsync();
        session["cart"] = new JsonArray([.. Enumerable.Range(0, 60).Select(i => (JsonNode?)$"item-{i % 3}")]);
        await session.SaveAsync();

        var stored = (await ((ISessionRecordReader)Host.Engine).ReadRawAsync(session.SessionKey!))!.SessionData;

        Assert.StartsWith(".", stored);
        Assert.Equal(60, (await Host.LoadSessionAsync(session.SessionKey)).Get<JsonArray>("cart")!.Count);
    }

    private async Task<DjangoSession> SaveNewSessionAsync()
    {
        var session = await Host.LoadSessionAsync();
        session["user_id"] = 7;
        await session.SaveAsync();
        return session;
    }
}
