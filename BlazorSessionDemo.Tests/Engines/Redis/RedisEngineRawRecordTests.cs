using System.Text.Json.Nodes;
using DjangoSessions.Redis;

namespace BlazorSessionDemo.Tests.Engines.Redis;

/// <summary>
/// What the redis engine tells the framework about its store and its records: its traits (Redis outlives the app,
/// every node shares it, and it drops expired keys itself, so clear_expired has nothing to do) and the raw record the
/// session playground shows (<see cref="ISessionRecordReader"/>): the key and database it is in, the stored value
/// exactly as Redis holds it, and the expire date the key's TTL gives, read without creating anything.
/// </summary>
public sealed class RedisEngineRawRecordTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private const string Secret = "redis-raw-record-tests-only-secret-0123456789-abcdef";

    private readonly string _prefix = $"raw-record-{Guid.NewGuid():N}";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 4, 12, 0, 0, TimeSpan.Zero));
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
    public void Traits_SurvivesRestart_SharedAcrossProcesses_ClearsNothingExpired()
    {
        ISessionEngine engine = Engine;

        Assert.Equal(new SessionEngineTraits(SurvivesRestart: true, SharedAcrossProcesses: true, ClearsExpired: false), engine.Traits);
    }

    [Fact]
    public async Task ReadRaw_LiveKey_NamesKeyAndDb_ReturnsTheStoredValue_ExpiringAtNowPlusItsTtl()
    {
        var key = SessionKeys.Generate();
        await Engine.SaveAsync(key, new JsonObject { ["user_id"] = 7 }, _time.GetUtcNow().AddSeconds(300), mustCreate: true);
        var stored = (await redis.Database.StringGetAsync($"{_prefix}:{key}")).ToString();

        var record = await ((ISessionRecordReader)Engine).ReadRawAsync(key);

        Assert.NotNull(record);
        Assert.Equal($"redis key '{_prefix}:{key}' (db 0)", record.Location);
        Assert.Equal(stored, record.RawText);
        Assert.Equal(stored, record.SessionData);
        Assert.Equal(StoredSessionFormat.SessionData, record.Format);
        // Redis' TTL runs on its own clock: at most the 300 s stored, less only by the real time since the save (5 s
        // of slack for a slow machine; a date before now, or without the TTL, is far outside).
        Assert.NotNull(record.ExpireDate);
        Assert.InRange(record.ExpireDate.Value, _time.GetUtcNow().AddSeconds(295), _time.GetUtcNow().AddSeconds(300));
    }

    [Fact]
    public async Task ReadRaw_KeyInAnotherDb_NamesThatDb()
    {
        _redisSettings.Db = 5;
        var key = SessionKeys.Generate();
        await Engine.SaveAsync(key, new JsonObject { ["a"] = 1 }, _time.GetUtcNow().AddSeconds(300), mustCreate: true);
        try
        {
            var record = await ((ISessionRecordReader)Engine).ReadRawAsync(key);

            Assert.Equal($"redis key '{_prefix}:{key}' (db 5)", record?.Location);
        }
        finally
        {
            await redis.Database.Multiplexer.GetDatabase(5).KeyDeleteAsync($"{_prefix}:{key}");
        }
    }

    [Fact]
    public async Task ReadRaw_MissingKey_IsNull_AndCreatesNothing()
    {
        var key = SessionKeys.Generate();

        Assert.Null(await ((ISessionRecordReader)Engine).ReadRawAsync(key));

        Assert.Empty(await redis.KeysAsync(_prefix));
    }

    public async Task DisposeAsync()
    {
        redis.DeleteKeys(_prefix);
        await _redis.DisposeAsync();
    }
}
