using System.Text.Json.Nodes;
using DjangoSessions.Signing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorSessionDemo.Tests.Engines.Cache;

/// <summary>
/// cached_db's two stores kept in step (Django's CacheDBSessionTests): write-through, read-through with a refill
/// that never outlives the row, and deletes that reach the cache (CVE-2015-3982: a flushed session came back
/// from a stale cache entry). A real SQLite file and the real memory cache on the test's clock.
/// </summary>
public sealed class CachedDbSessionEngineTests : IDisposable
{
    private const string Secret = "cached-db-tests-only-secret-0123456789-abcdefgh";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 4, 12, 0, 0, TimeSpan.Zero));
    private readonly DjangoSessionSettings _settings = new() { Secrets = { SecretKey = Secret } };
    private readonly FrameworkDatabase _database = new();
    private readonly IndexedMemoryCache _cache;
    private readonly PooledDbContextFactory<FrameworkDbContext> _contexts;

    public CachedDbSessionEngineTests()
    {
        _cache = new IndexedMemoryCache(_time);
        _contexts = new PooledDbContextFactory<FrameworkDbContext>(
            new DbContextOptionsBuilder<FrameworkDbContext>().UseSqlite(_database.ConnectionString).Options);
    }

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Save_WritesTheRowAndTheCacheEntry()
    {
        var session = await SaveNewSessionAsync(("user_id", 7));

        Assert.True(await _database.RowExistsAsync(session.SessionKey!));
        Assert.NotNull(await CachedEntryAsync(session.SessionKey!));
    }

    [Fact]
    public async Task Flush_ThenLoadOldKey_IsEmpty_NoStaleCacheEntry()
    {
        // CVE-2015-3982: after flush() the old key must not load from the cache, whatever the cache held.
        var session = await SaveNewSessionAsync(("user_id", 7));
        var oldKey = session.SessionKey!;
        Assert.NotNull(await CachedEntryAsync(oldKey));

        await session.FlushAsync();

        Assert.Null(await CachedEntryAsync(oldKey));
        Assert.False(await _database.RowExistsAsync(oldKey));
        var loaded = await LoadSessionAsync(oldKey);
        Assert.Null(loaded.SessionKey);
        Assert.False(loaded.ContainsKey("user_id"));
    }

    [Fact]
    public async Task CycleKey_OldKeyIsGoneFromBothStores()
    {
        var session = await SaveNewSessionAsync(("user_id", 7));
        var oldKey = session.SessionKey!;

        await session.CycleKeyAsync();

        Assert.Null(await CachedEntryAsync(oldKey));
        Assert.Null((await LoadSessionAsync(oldKey)).SessionKey);
        Assert.Equal(7, (await LoadSessionAsync(session.SessionKey)).Get<int>("user_id"));
    }

    [Fact]
    public async Task Load_CacheMiss_ReadsTheRow_AndRefillsTheCacheUntilTheRowsExpireDate()
    {
        var session = await SaveNewSessionAsync(("user_id", 7));
        var key = session.SessionKey!;
        var rowExpires = session.GetExpiryDate();
        await _cache.RemoveAsync(CacheSessionEngine.CachedDbKeyPrefix + key);
        _time.Advance(TimeSpan.FromMinutes(5));

        var loaded = await LoadSessionAsync(key);

        Assert.Equal(7, loaded.Get<int>("user_id"));
        var refill = await CachedEntryAsync(key);
        Assert.NotNull(refill);
        Assert.Equal(rowExpires, refill["expire_date"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task Refill_NeverExtendsTheSession()
    {
        _settings.Cookie.CookieAge = 100;
        var session = await SaveNewSessionAsync(("user_id", 7));
        await _cache.RemoveAsync(CacheSessionEngine.CachedDbKeyPrefix + session.SessionKey);
        _time.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(7, (await LoadSessionAsync(session.SessionKey)).Get<int>("user_id"));

        _time.Advance(TimeSpan.FromSeconds(51));

        Assert.Null((await LoadSessionAsync(session.SessionKey)).SessionKey);
    }

    [Fact]
    public async Task Load_CacheHit_IsServedFromTheCache()
    {
        // Proof that reads use the cache: with the row's data changed behind the engine's back, the cached copy answers.
        var session = await SaveNewSessionAsync(("user_id", 7));
        await using (var db = _database.CreateContext())
        {
            await db.DjangoSessions.Where(s => s.SessionKey == session.SessionKey)
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.SessionData, Codec().Encode(new JsonObject { ["user_id"] = 8 })));
        }

        Assert.Equal(7, (await LoadSessionAsync(session.SessionKey)).Get<int>("user_id"));
    }

    [Fact]
    public async Task Save_RowDeletedBehindItsBack_ThrowsUpdateError_AndDropsTheCacheEntry()
    {
        // The row is the record: once it is gone, the cached copy must not keep the session alive.
        var session = await SaveNewSessionAsync(("user_id", 7));
        await using (var db = _database.CreateContext())
        {
            await db.DjangoSessions.Where(s => s.SessionKey == session.SessionKey).ExecuteDeleteAsync();
        }

        session["user_id"] = 8;
        await Assert.ThrowsAsync<SessionUpdateException>(() => session.SaveAsync());

        Assert.Null(await CachedEntryAsync(session.SessionKey!));
        Assert.Null((await LoadSessionAsync(session.SessionKey)).SessionKey);
    }

    [Fact]
    public async Task ClearExpired_IsTheDatabases()
    {
        _settings.Cookie.CookieAge = 10;
        await SaveNewSessionAsync(("n", 1));
        await SaveNewSessionAsync(("n", 2));
        _time.Advance(TimeSpan.FromSeconds(11));

        Assert.Equal(2, await Engine().ClearExpiredAsync());
        Assert.Equal(0, await _database.CountSessionsAsync());
    }

    private SessionDataCodec Codec() =>
        new(new DjangoSigner(Secret, [], SessionDataCodec.Salt, _time), NullLoggerFactory.Instance);

    private CachedDbSessionEngine<FrameworkDbContext> Engine()
    {
        var codec = Codec();
        return new CachedDbSessionEngine<FrameworkDbContext>(_cache,
            new DbSessionEngine<FrameworkDbContext>(_contexts, codec, _time, Options.Create(_settings)),
            codec, _time, NullLogger<CachedDbSessionEngine<FrameworkDbContext>>.Instance);
    }

    private async Task<JsonNode?> CachedEntryAsync(string key) =>
        await _cache.GetAsync(CacheSessionEngine.CachedDbKeyPrefix + key) is { } bytes ? JsonNode.Parse(bytes) : null;

    private async Task<DjangoSession> LoadSessionAsync(string? key)
    {
        var session = new DjangoSession(Engine(), _settings, _time, key);
        await session.LoadAsync();
        return session;
    }

    private async Task<DjangoSession> SaveNewSessionAsync(params (string Key, JsonNode? Value)[] items)
    {
        var session = await LoadSessionAsync(null);
        foreach (var (key, value) in items)
        {
            session[key] = value;
        }
        await session.SaveAsync();
        return session;
    }
}
