using StackExchange.Redis;

namespace BlazorSessionDemo.Tests.Engines.Redis;

/// <summary>
/// The Redis server a test class shares (<see cref="RedisTestEndpoint"/>: the one <c>./test.sh</c> started, else a
/// redis-server of its own, stopped afterwards).
/// Tests isolate themselves with a unique key prefix and inspect the store through <see cref="Database"/>.
/// </summary>
public sealed class RedisServerFixture : IRedisTestStore, IAsyncLifetime
{
    private RedisTestEndpoint? _endpoint;
    private ConnectionMultiplexer? _admin;

    public string Host { get; private set; } = "";

    public int Port { get; private set; }

    /// <summary>A connection of the test's own (not the engine's) to read and change keys behind the engine's back.</summary>
    public IDatabase Database => _admin!.GetDatabase();

    public IServer Server => _admin!.GetServer(Host, Port);

    public async Task InitializeAsync()
    {
        _endpoint = await RedisTestEndpoint.FindOrStartAsync();
        (Host, Port) = (_endpoint.Host, _endpoint.Port);
        var options = new ConfigurationOptions { AbortOnConnectFail = true, AllowAdmin = true };
        options.EndPoints.Add(Host, Port);
        _admin = await ConnectionMultiplexer.ConnectAsync(options);
    }

    /// <summary><c>Session:Redis</c> for an engine on this server, isolated by <paramref name="prefix"/>.</summary>
    public void Configure(RedisSessionSettings settings, string prefix)
    {
        settings.Host = Host;
        settings.Port = Port;
        settings.Prefix = prefix;
    }

    /// <summary>The keys under <paramref name="prefix"/> (SCAN, as KEYS would block a shared server).</summary>
    public async Task<List<RedisKey>> KeysAsync(string prefix)
    {
        var keys = new List<RedisKey>();
        await foreach (var key in Server.KeysAsync(pattern: $"{prefix}:*", pageSize: 250))
        {
            keys.Add(key);
        }
        return keys;
    }

    public void DeleteKeys(string prefix) => Database.KeyDelete(Server.Keys(pattern: $"{prefix}:*").ToArray());

    public async Task DisposeAsync()
    {
        if (_admin is not null)
        {
            await _admin.DisposeAsync();
        }
        if (_endpoint is not null)
        {
            await _endpoint.DisposeAsync();
        }
    }
}
