using DjangoSessions.Redis;
using BlazorSessionDemo.Tests.Engines.Redis;
using StackExchange.Redis;

namespace BlazorSessionDemo.Tests.Contract;

/// <summary>
/// The contract against <c>redis</c> (django-redis-sessions) on a real redis-server. Each test instance owns a
/// unique key prefix, so instances never see each other's sessions on the shared server.
/// </summary>
public sealed class RedisSessionEngineContractTests(RedisServerFixture redis)
    : RedisEngineContract(redis), IClassFixture<RedisServerFixture>;

/// <summary>The same contract on a 3-primary Redis Cluster, reached through <c>Session:Redis:Configuration</c>.</summary>
public sealed class RedisClusterSessionEngineContractTests(RedisClusterFixture cluster)
    : RedisEngineContract(cluster), IClassFixture<RedisClusterFixture>;

/// <summary>The contract on any Redis store (<see cref="IRedisTestStore"/>): one server or a cluster.</summary>
public abstract class RedisEngineContract(IRedisTestStore redis) : ServerSideSessionEngineContractTests
{
    private readonly string _prefix = $"contract-{Guid.NewGuid():N}";
    private readonly RedisSessionSettings _redisSettings = new();
    private RedisSessionConnection? _connection;

    /// <summary>Redis drops keys at their TTL; clear_expired has nothing to do.</summary>
    protected override bool StoreExpiresSessionsItself => true;

    protected override Task InitializeStoreAsync()
    {
        redis.Configure(_redisSettings, _prefix);
        _connection = new RedisSessionConnection(Options.Create(_redisSettings));
        return Task.CompletedTask;
    }

    protected override ISessionEngine CreateEngine(SessionDataCodec codec) =>
        new RedisSessionEngine(_connection!, codec, Time, Options.Create(_redisSettings));

    protected override async Task<int> CountStoredSessionsAsync() => (await redis.KeysAsync(_prefix)).Count;

    protected override async Task<string> TamperStoredDataAsync(string sessionKey)
    {
        var key = $"{_prefix}:{sessionKey}";
        var data = (await redis.Database.StringGetAsync(key)).ToString().ToCharArray();
        // One character of the signed payload (index 1 is base64 whether or not the zlib '.' prefix is there).
        data[1] = data[1] == 'A' ? 'B' : 'A';
        Assert.True(await redis.Database.StringSetAsync(key, new string(data), expiry: null, keepTtl: true, when: When.Exists));
        return sessionKey;
    }

    /// <summary>
    /// Redis expires keys on its own clock, which FakeTimeProvider can't move: so time passes for the store too,
    /// every TTL of this test's keys shrinks by <paramref name="by"/>, and a key whose TTL runs out is deleted, as
    /// Redis would. The engine's TTLs themselves are checked against TTL in Engines/Redis.
    /// </summary>
    protected override async Task AdvanceTimeAsync(TimeSpan by)
    {
        await base.AdvanceTimeAsync(by);
        foreach (var key in await redis.KeysAsync(_prefix))
        {
            if (await redis.Database.KeyTimeToLiveAsync(key) is not { } ttl)
            {
                continue;
            }
            var left = ttl - by;
            _ = left > TimeSpan.Zero
                ? await redis.Database.KeyExpireAsync(key, left)
                : await redis.Database.KeyDeleteAsync(key);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // Leave nothing behind on a server shared with other test classes.
            redis.DeleteKeys(_prefix);
            _connection?.Dispose();
        }
        base.Dispose(disposing);
    }
}
