using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Logging;

namespace BlazorSessionDemo.Tests.Engines.Cache;

/// <summary>
/// A Redis-backed cache pointed at a loopback port where nothing listens: the <c>cache</c> engine reports its store
/// unavailable (the middleware's 503), while <c>cached_db</c> keeps working from the database and logs a warning.
/// </summary>
public sealed class UnreachableCacheTests : IDisposable
{
    private readonly int _deadPort = LoopbackPorts.Free();
    private CacheEngineHost? _host;

    public void Dispose() => _host?.Dispose();

    [Fact]
    public async Task CacheEngine_OnAnUnreachableCache_EveryCallThrowsStoreUnavailable()
    {
        var engine = Build(SessionEngineNames.Cache).Engine;
        var key = SessionKeys.Generate();

        var errors = new[]
        {
            await Assert.ThrowsAsync<SessionStoreUnavailableException>(() => engine.LoadAsync(key)),
            await Assert.ThrowsAsync<SessionStoreUnavailableException>(() => engine.ExistsAsync(key)),
            await Assert.ThrowsAsync<SessionStoreUnavailableException>(
                () => engine.SaveAsync(key, new() { ["user_id"] = 7 }, DateTimeOffset.UtcNow.AddHours(1), mustCreate: true)),
            await Assert.ThrowsAsync<SessionStoreUnavailableException>(() => engine.DeleteAsync(key)),
        };

        Assert.All(errors, e => Assert.Equal(SessionEngineNames.Cache, e.Engine));
        Assert.All(errors, e => Assert.IsAssignableFrom<StackExchange.Redis.RedisException>(e.InnerException));
    }

    [Fact]
    public async Task CachedDb_OnAnUnreachableCache_KeepsLoadingAndSavingFromTheDatabase()
    {
        var host = Build(SessionEngineNames.CachedDb);

        var session = await host.LoadSessionAsync();
        session["user_id"] = 7;
        await session.SaveAsync();
        var loaded = await host.LoadSessionAsync(session.SessionKey);
        loaded["user_id"] = 8;
        await loaded.SaveAsync();

        Assert.Equal(8, (await host.LoadSessionAsync(session.SessionKey)).Get<int>("user_id"));
        Assert.True(await host.Database.RowExistsAsync(session.SessionKey!));
        Assert.Contains(host.Logs.Entries, e => e.Level == LogLevel.Warning && e.EventId.Id == 1301
            && e.Message.Contains("continuing with the database"));
    }

    [Fact]
    public async Task CachedDb_OnAnUnreachableCache_FlushStillRemovesTheRow_AndWarnsOfTheStaleEntry()
    {
        var host = Build(SessionEngineNames.CachedDb);
        var session = await host.LoadSessionAsync();
        session["user_id"] = 7;
        await session.SaveAsync();
        var oldKey = session.SessionKey!;

        await session.FlushAsync();

        Assert.False(await host.Database.RowExistsAsync(oldKey));
        Assert.Null((await host.LoadSessionAsync(oldKey)).SessionKey);
        Assert.Contains(host.Logs.Entries, e => e.Level == LogLevel.Warning && e.EventId.Id == 1302);
    }

    private CacheEngineHost Build(string engine) => _host = CacheEngineHost.Build(engine, configure: services =>
        services.AddSingleton<IDistributedCache>(new RedisCache(Options.Create(new RedisCacheOptions
        {
            Configuration = $"127.0.0.1:{_deadPort},connectTimeout=500,connectRetry=0,abortConnect=true,asyncTimeout=500,syncTimeout=500",
        }))));
}
