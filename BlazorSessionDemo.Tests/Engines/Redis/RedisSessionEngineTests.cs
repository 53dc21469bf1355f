using System.Text.Json.Nodes;
using DjangoSessions.Redis;
using StackExchange.Redis;

namespace BlazorSessionDemo.Tests.Engines.Redis;

/// <summary>
/// What the redis engine leaves in Redis, read back with a connection of the test's own: django-redis-sessions'
/// key layout, Django's encoded data, and a TTL of the seconds left until the expire date by the injected clock.
/// </summary>
public sealed class RedisSessionEngineTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private const string Secret = "redis-engine-tests-only-secret-0123456789-abcdef";

    private readonly string _prefix = $"engine-{Guid.NewGuid():N}";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 4, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_560));
    private readonly DjangoSessionSettings _settings = new() { Secrets = { SecretKey = Secret } };
    private readonly RedisSessionSettings _redisSettings = new();
    private RedisEngineUnderTest _redis = null!;

    private RedisSessionEngine Engine => _redis.Engine;

    public Task InitializeAsync()
    {
        redis.Configure(_redisSettings, _prefix);
        _redis = new RedisEngineUnderTest(Secret, _redisSettings, _time);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Save_StoresDjangoEncodedData_UnderPrefixColonKey()
    {
        var session = await SaveNewAsync(("user_id", 7));

        var stored = await redis.Database.StringGetAsync($"{_prefix}:{session.SessionKey}");

        Assert.False(stored.IsNull);
        Assert.Equal(7, (int)_redis.Codec.Decode(stored.ToString())["user_id"]!);
        Assert.Equal([$"{_prefix}:{session.SessionKey}"], (await redis.KeysAsync(_prefix)).Select(k => k.ToString()));
    }

    [Fact]
    public async Task Save_WithoutPrefix_StoresUnderTheBareSessionKey()
    {
        // django-redis-sessions' get_real_stored_key: no SESSION_REDIS_PREFIX, no "prefix:".
        _redisSettings.Prefix = "";
        var session = await SaveNewAsync(("a", 1));
        try
        {
            Assert.True(await redis.Database.KeyExistsAsync(session.SessionKey));
        }
        finally
        {
            await redis.Database.KeyDeleteAsync(session.SessionKey);
        }
    }

    [Fact]
    public async Task Load_SessionStoredByDjangoRedisSessions_IsRead()
    {
        // django-redis-sessions writes SETEX prefix:key age encode(data); the same SECRET_KEY reads it here.
        var key = SessionKeys.Generate();
        await redis.Database.StringSetAsync($"{_prefix}:{key}", _redis.Codec.Encode(new JsonObject { ["from"] = "django" }), TimeSpan.FromSeconds(300));

        var session = new DjangoSession(Engine, _settings, _time, key);
        await session.LoadAsync();

        Assert.Equal(key, session.SessionKey);
        Assert.Equal("django", session.Get<string>("from"));
    }

    [Fact]
    public async Task Save_TtlIsTheCookieAge_ByDefault()
    {
        var session = await SaveNewAsync(("a", 1));

        await AssertTtlAsync(session.SessionKey!, _settings.Cookie.CookieAge);
    }

    [Fact]
    public async Task Save_TtlFollowsSetExpiry()
    {
        var session = await NewLoadedAsync();
        session["a"] = 1;
        session.SetExpiry(300);
        await session.SaveAsync();

        await AssertTtlAsync(session.SessionKey!, 300);
    }

    [Fact]
    public async Task Save_AbsoluteExpiryDate_TtlCountsFromTheInjectedClock()
    {
        var session = await NewLoadedAsync();
        session["a"] = 1;
        session.SetExpiry(_time.GetUtcNow().AddHours(1));
        _time.Advance(TimeSpan.FromMinutes(10));

        await session.SaveAsync();

        await AssertTtlAsync(session.SessionKey!, 3000);
    }

    [Fact]
    public async Task Save_Again_RefreshesTheTtl()
    {
        // An active user's session lives SESSION_COOKIE_AGE from the last save, not from the first.
        _settings.Cookie.CookieAge = 100;
        var session = await SaveNewAsync(("n", 1));
        _time.Advance(TimeSpan.FromSeconds(40));
        await redis.Database.KeyExpireAsync($"{_prefix}:{session.SessionKey}", TimeSpan.FromSeconds(60));

        session["n"] = 2;
        await session.SaveAsync();

        await AssertTtlAsync(session.SessionKey!, 100);
    }

    [Fact]
    public async Task Save_ExpiryInThePast_RemovesTheStoredSession()
    {
        var session = await SaveNewAsync(("a", 1));

        session.SetExpiry(TimeSpan.FromSeconds(-10));
        await session.SaveAsync();

        Assert.False(await redis.Database.KeyExistsAsync($"{_prefix}:{session.SessionKey}"));
    }

    [Fact]
    public async Task ClearExpired_ReturnsZero_AndLeavesLiveSessions()
    {
        var session = await SaveNewAsync(("a", 1));

        Assert.Equal(0, await session.ClearExpiredAsync());
        Assert.True(await redis.Database.KeyExistsAsync($"{_prefix}:{session.SessionKey}"));
    }

    [Fact]
    public async Task Db_SessionsAreStoredInTheConfiguredDatabase()
    {
        _redisSettings.Db = 5;
        var session = await SaveNewAsync(("a", 1));
        var key = $"{_prefix}:{session.SessionKey}";
        var db5 = redis.Database.Multiplexer.GetDatabase(5);
        try
        {
            Assert.True(await db5.KeyExistsAsync(key));
            Assert.False(await redis.Database.KeyExistsAsync(key));
        }
        finally
        {
            await db5.KeyDeleteAsync(key);
        }
    }

    private async Task<DjangoSession> NewLoadedAsync()
    {
        var session = new DjangoSession(Engine, _settings, _time);
        await session.LoadAsync();
        return session;
    }

    private async Task<DjangoSession> SaveNewAsync(params (string Key, JsonNode? Value)[] items)
    {
        var session = await NewLoadedAsync();
        foreach (var (key, value) in items)
        {
            session[key] = value;
        }
        await session.SaveAsync();
        return session;
    }

    /// <summary>
    /// The key's TTL is <paramref name="seconds"/>: at most that, and less only by the real time the test itself took
    /// since the save (a few ms; 5 s of slack so a slow machine can't fail it, far below any wrong TTL tested here).
    /// </summary>
    private async Task AssertTtlAsync(string sessionKey, int seconds)
    {
        var ttl = await redis.Database.KeyTimeToLiveAsync($"{_prefix}:{sessionKey}");
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromSeconds(seconds - 5), TimeSpan.FromSeconds(seconds));
    }

    public async Task DisposeAsync()
    {
        await redis.Database.KeyDeleteAsync((await redis.KeysAsync(_prefix)).ToArray());
        await _redis.DisposeAsync();
    }
}
