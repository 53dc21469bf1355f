using System.Text;
using System.Text.Json.Nodes;
using DjangoSessions.Signing;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorSessionDemo.Tests.Engines.Cache;

/// <summary>
/// What the <c>cache</c> engine keeps in the cache and how it treats a cache that loses entries (Django's cache
/// backend: lossy by design, a lost entry is a logged-out user). All on the real MemoryDistributedCache.
/// </summary>
public sealed class CacheSessionEngineTests
{
    private const string Secret = "cache-engine-tests-only-secret-0123456789-abcdef";

    // Real now: some caches here count expiry on the real clock, and the fake one must start level with it.
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly DjangoSessionSettings _settings = new() { Secrets = { SecretKey = Secret } };

    [Fact]
    public async Task Save_StoresEntryUnderDjangosKeyPrefix_WithSignedDataAndExpireDate()
    {
        var cache = new IndexedMemoryCache(_time);
        var session = await SaveNewSessionAsync(cache, ("user_id", 7));

        Assert.Null(await cache.GetAsync(session.SessionKey!));
        var entry = JsonNode.Parse(Assert.IsType<byte[]>(await cache.GetAsync(CacheSessionEngine.KeyPrefix + session.SessionKey)))!;
        var data = Codec().Decode(entry["session_data"]!.GetValue<string>());
        Assert.Equal(7, data["user_id"]!.GetValue<int>());
        Assert.Equal(session.GetExpiryDate(), entry["expire_date"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task ApplicationEntryNamedLikeASessionKey_IsNoSession()
    {
        // The prefix is why an application's own cache entries can never be loaded as somebody's session.
        var cache = new IndexedMemoryCache(_time);
        var key = SessionKeys.Generate();
        await cache.SetAsync(key, Encoding.UTF8.GetBytes("{\"session_data\":\"x\",\"expire_date\":\"2999-01-01T00:00:00Z\"}"),
            new DistributedCacheEntryOptions());

        var session = await LoadSessionAsync(cache, key);

        Assert.Null(session.SessionKey);
        Assert.Equal(0, session.Count);
    }

    [Fact]
    public async Task Load_EntryNotWrittenByTheEngine_IsNoSession_NoException()
    {
        var cache = new IndexedMemoryCache(_time);
        var key = SessionKeys.Generate();
        await cache.SetAsync(CacheSessionEngine.KeyPrefix + key, Encoding.UTF8.GetBytes("not json"), new DistributedCacheEntryOptions());

        var session = await LoadSessionAsync(cache, key);

        Assert.Null(session.SessionKey);
        Assert.False(await Engine(cache).ExistsAsync(key));
    }

    [Fact]
    public async Task Load_AfterTheCacheDroppedTheEntry_IsLoggedOut_NoException()
    {
        // A real eviction: the memory cache has room for 2 KB and drops the 8 KB entry once it is written.
        // Random text, so compression can't shrink the signed data below the limit.
        var cache = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions { SizeLimit = 2048 }));
        var blob = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6144));
        var session = await SaveNewSessionAsync(cache, ("user_id", 7), ("blob", blob));

        var loaded = await LoadSessionAsync(cache, session.SessionKey);

        Assert.Null(loaded.SessionKey);
        Assert.Equal(0, loaded.Count);
    }

    [Fact]
    public async Task Save_AfterTheCacheDroppedTheEntry_ThrowsUpdateError_DoesNotResurrect()
    {
        // Django's cache backend would write the session back here; a lost entry stays a logged-out user.
        var cache = new IndexedMemoryCache(_time);
        var session = await SaveNewSessionAsync(cache, ("user_id", 7));
        await cache.RemoveAsync(CacheSessionEngine.KeyPrefix + session.SessionKey);

        session["user_id"] = 8;
        await Assert.ThrowsAsync<SessionUpdateException>(() => session.SaveAsync());

        Assert.Null(await cache.GetAsync(CacheSessionEngine.KeyPrefix + session.SessionKey));
    }

    [Fact]
    public async Task Expiry_FollowsTheInjectedClock_EvenWhenTheCacheRunsOnAnother()
    {
        // This cache counts on the real clock and still holds the entry; the engine goes by the stored expire date.
        var cache = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));
        var session = await LoadSessionAsync(cache, null);
        session["user_id"] = 7;
        session.SetExpiry(60);
        await session.SaveAsync();

        _time.Advance(TimeSpan.FromSeconds(61));

        Assert.NotNull(await cache.GetAsync(CacheSessionEngine.KeyPrefix + session.SessionKey));
        Assert.Null((await LoadSessionAsync(cache, session.SessionKey)).SessionKey);
        Assert.False(await Engine(cache).ExistsAsync(session.SessionKey!));
    }

    [Fact]
    public async Task Save_WithAnExpireDateAlreadyPast_RemovesTheEntry()
    {
        // Django: a negative timeout expires the entry at once; caches refuse a past expiration, so it is removed.
        var cache = new IndexedMemoryCache(_time);
        var session = await SaveNewSessionAsync(cache, ("user_id", 7));

        session.SetExpiry(TimeSpan.FromSeconds(-10));
        await session.SaveAsync();

        Assert.Null(await cache.GetAsync(CacheSessionEngine.KeyPrefix + session.SessionKey));
    }

    [Fact]
    public async Task ClearExpired_ReturnsZero_LeavesLiveEntries()
    {
        var cache = new IndexedMemoryCache(_time);
        var session = await SaveNewSessionAsync(cache, ("user_id", 7));

        Assert.Equal(0, await Engine(cache).ClearExpiredAsync());
        Assert.Equal(1, await cache.CountAsync(CacheSessionEngine.KeyPrefix));
        Assert.Equal(7, (await LoadSessionAsync(cache, session.SessionKey)).Get<int>("user_id"));
    }

    private SessionDataCodec Codec() =>
        new(new DjangoSigner(Secret, [], SessionDataCodec.Salt, _time), NullLoggerFactory.Instance);

    private CacheSessionEngine Engine(IDistributedCache cache) => new(cache, Codec(), _time);

    private async Task<DjangoSession> LoadSessionAsync(IDistributedCache cache, string? key)
    {
        var session = new DjangoSession(Engine(cache), _settings, _time, key);
        await session.LoadAsync();
        return session;
    }

    private async Task<DjangoSession> SaveNewSessionAsync(IDistributedCache cache, params (string Key, JsonNode? Value)[] items)
    {
        var session = await LoadSessionAsync(cache, null);
        foreach (var (key, value) in items)
        {
            session[key] = value;
        }
        await session.SaveAsync();
        return session;
    }
}
