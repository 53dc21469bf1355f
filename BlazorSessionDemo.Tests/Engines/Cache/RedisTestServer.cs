using StackExchange.Redis;

namespace BlazorSessionDemo.Tests.Engines.Cache;

/// <summary>
/// The real redis-server the cache tests talk to (<see cref="RedisTestEndpoint"/>: the one <c>./test.sh</c> started,
/// else one of their own with no persistence, stopped afterwards), with a connection of the tests' own.
/// </summary>
public sealed class RedisTestServer : IAsyncLifetime
{
    private RedisTestEndpoint? _endpoint;

    public string Host => _endpoint!.Host;

    public int Port => _endpoint!.Port;

    /// <summary>A connection for looking at what the engine stored (keys, TTLs), independent of the cache under test.</summary>
    public IConnectionMultiplexer Connection { get; private set; } = null!;

    /// <summary>
    /// StackExchange.Redis configuration for this server. Timeouts of 15 s: 2 s once failed a test's cleanup (a SCAN)
    /// on a CI run's busiest minute, when thousands of tests start in parallel; a server that is really gone still
    /// fails the test, only later.
    /// </summary>
    public string Configuration => $"{Host}:{Port},connectTimeout=15000,syncTimeout=15000,asyncTimeout=15000";

    /// <summary>Deletes every key starting with <paramref name="prefix"/>: a test leaves the shared server as it found it.</summary>
    public async Task DeleteKeysAsync(string prefix)
    {
        var server = Connection.GetServer(Connection.GetEndPoints().Single());
        await foreach (var key in server.KeysAsync(pattern: prefix + "*"))
        {
            await Connection.GetDatabase().KeyDeleteAsync(key);
        }
    }

    public async Task InitializeAsync()
    {
        _endpoint = await RedisTestEndpoint.FindOrStartAsync();
        Connection = await ConnectionMultiplexer.ConnectAsync(Configuration);
    }

    public async Task DisposeAsync()
    {
        if (Connection is not null)
        {
            await Connection.DisposeAsync();
        }
        if (_endpoint is not null)
        {
            await _endpoint.DisposeAsync();
        }
    }
}

/// <summary>One redis-server for every cache test that needs it.</summary>
[CollectionDefinition(Name)]
public sealed class CacheRedisCollection : ICollectionFixture<RedisTestServer>
{
    public const string Name = "cache engines on redis-server";
}
