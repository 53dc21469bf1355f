using System.Diagnostics;
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

    // Per key: the value and real TTL this test last set, when, and the fake time the key had left then.
    private readonly Dictionary<string, (RedisValue Value, TimeSpan RealTtl, long At, TimeSpan FakeLeft)> _moved = [];

    /// <summary>Redis drops keys at their TTL; clear_expired has nothing to do.</summary>
    protected override bool StoreExpiresSessionsItself => true;

    protected override Task InitializeStoreAsync()
    {
        redis.Configure(_redisSettings, _prefix);
        _connection = new RedisSessionConnection(Options.Create(_redisSettings));
        return Task.CompletedTask;
    }

    protected override ISessionEngine CreateEngine(SessionDataCodec codec) =>
        new RedisSessionEngine(_connection!, new RedisNearCache(_connection!, Options.Create(_redisSettings), Time), codec, Time, Options.Create(_redisSettings));

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
    /// Redis would. The fake time left is kept here, and Redis's own TTL set a minute beyond it, so the real seconds a
    /// loaded machine spends between two steps never expire a key early (a TTL cut to "1 s left" once did). The
    /// engine's TTLs themselves are checked against TTL in Engines/Redis.
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
            var value = await redis.Database.StringGetAsync(key);
            var name = key.ToString();
            // Unchanged since this method set it: its fake time left is the one noted. Else the engine (re)wrote it
            // with a TTL in whole fake seconds, less the real milliseconds since.
            var fakeLeft = _moved.TryGetValue(name, out var moved) && moved.Value == value
                && ttl <= moved.RealTtl - Stopwatch.GetElapsedTime(moved.At) + TimeSpan.FromMilliseconds(250)
                ? moved.FakeLeft
                : TimeSpan.FromSeconds(Math.Ceiling(ttl.TotalSeconds));
            var left = fakeLeft - by;
            if (left <= TimeSpan.Zero)
            {
                await redis.Database.KeyDeleteAsync(key);
                _moved.Remove(name);
                continue;
            }
            var realTtl = left + TimeSpan.FromMinutes(1);
            await redis.Database.KeyExpireAsync(key, realTtl);
            _moved[name] = (value, realTtl, Stopwatch.GetTimestamp(), left);
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
