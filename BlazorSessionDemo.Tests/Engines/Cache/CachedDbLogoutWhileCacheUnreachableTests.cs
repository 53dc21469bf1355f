using BlazorSessionDemo.Tests.Engines.Redis;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace BlazorSessionDemo.Tests.Engines.Cache;

/// <summary>
/// cached_db on a Redis-backed cache (Microsoft's StackExchange.Redis cache, a real redis-server) reached through a
/// <see cref="LoopbackTcpRelay"/>: a logout (flush) while the network to the cache is cut removes the row but can't
/// remove the cache entry, and the cache comes back still holding it. The engine remembers the owed delete, so the old
/// cookie stays logged out instead of loading the session back from the stale entry.
/// </summary>
[Collection(CacheRedisCollection.Name)]
public sealed class CachedDbLogoutWhileCacheUnreachableTests(RedisTestServer redis) : IAsyncLifetime
{
    // This test's own keys on the shared server, deleted afterwards.
    private readonly string _instance = $"cached-db-cut-tests:{Guid.NewGuid():N}:";
    private LoopbackTcpRelay? _relay;
    private RedisCache? _cache;
    private CacheEngineHost? _host;

    private IDatabase Server => redis.Connection.GetDatabase();

    public Task InitializeAsync()
    {
        _relay = new LoopbackTcpRelay(redis.Host, redis.Port);
        _cache = new RedisCache(Options.Create(new RedisCacheOptions
        {
            // Short timeouts: a call during the cut fails within a second instead of waiting for the default 5 s.
            Configuration = $"127.0.0.1:{_relay.Port},connectTimeout=1000,syncTimeout=1000,asyncTimeout=1000,abortConnect=false",
            InstanceName = _instance,
        }));
        _host = CacheEngineHost.Build(SessionEngineNames.CachedDb, configure: services =>
            services.AddSingleton<IDistributedCache>(_cache));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _host?.Dispose();
        _cache?.Dispose();
        _relay?.Dispose();
        await redis.DeleteKeysAsync(_instance);
    }

    [Fact]
    public async Task Flush_WhileTheCacheIsCutOff_StaysLoggedOut_WhenTheCacheComesBackWithTheStaleEntry()
    {
        var host = _host!;
        var session = await host.LoadSessionAsync();
        session["user_id"] = 7;
        await session.SaveAsync();
        var oldKey = session.SessionKey!;
        var entry = _instance + CacheSessionEngine.CachedDbKeyPrefix + oldKey;
        Assert.True(await Server.KeyExistsAsync(entry), $"{entry} is not in redis after the save");

        _relay!.Cut();
        await Eventually.Bounded(session.FlushAsync());

        Assert.False(await host.Database.RowExistsAsync(oldKey));
        Assert.Contains(host.Logs.Entries, e => e.Level == LogLevel.Warning && e.EventId.Id == 1302);

        _relay.Restore();
        await Eventually.WaitUntilAsync("the cache answered again through the restored relay", CacheAnswersAsync);
        Assert.True(await Server.KeyExistsAsync(entry), "the delete reached redis after all: nothing stale left to test");

        var loaded = await host.LoadSessionAsync(oldKey);

        Assert.Null(loaded.SessionKey);
        Assert.False(loaded.ContainsKey("user_id"));
        // The owed delete went through once the cache could be reached.
        Assert.False(await Server.KeyExistsAsync(entry), $"{entry} is still in redis after the load");
    }

    /// <summary>A write through the engine's own cache client (its connection, its reconnect) that reaches redis.</summary>
    private async Task<bool> CacheAnswersAsync()
    {
        try
        {
            await _cache!.SetStringAsync("probe", "1");
            return true;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            return false;
        }
    }
}
