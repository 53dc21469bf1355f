using StackExchange.Redis;

namespace BlazorSessionDemo.Tests.Engines.Redis;

/// <summary>
/// What a redis test needs of its store, whether one redis-server (<see cref="RedisServerFixture"/>) or a Redis
/// Cluster (<see cref="RedisClusterFixture"/>): settings pointing an engine at it, and a connection of the test's own
/// to look at and change keys behind the engine's back.
/// </summary>
public interface IRedisTestStore
{
    /// <summary>The test's own connection (not the engine's); single-key commands reach the right node on a cluster.</summary>
    IDatabase Database { get; }

    /// <summary><c>Session:Redis</c> for an engine on this store, isolated by <paramref name="prefix"/>.</summary>
    void Configure(RedisSessionSettings settings, string prefix);

    /// <summary>The keys under <paramref name="prefix"/>, from every primary (SCAN, as KEYS would block a shared server).</summary>
    Task<List<RedisKey>> KeysAsync(string prefix);

    /// <summary>Deletes every key under <paramref name="prefix"/>: a test leaves nothing behind on a shared store.</summary>
    void DeleteKeys(string prefix);
}
