using System.Net;
using StackExchange.Redis;

namespace BlazorSessionDemo.Tests.Engines.Redis;

/// <summary>
/// A 3-primary Redis Cluster a test class shares (<see cref="RedisClusterProcess"/>, started for the class and
/// stopped after it; never the single server of <c>REDIS_TEST_HOST</c>). Tests isolate themselves with a unique key
/// prefix, as on one server. Engines reach it through <c>Session:Redis:Configuration</c> only: Host names a server
/// that doesn't exist, so a test passes only if the configuration string takes precedence.
/// </summary>
public sealed class RedisClusterFixture : IRedisTestStore, IAsyncLifetime
{
    private RedisClusterProcess? _cluster;
    private ConnectionMultiplexer? _admin;

    public RedisClusterProcess Cluster => _cluster!;

    public IDatabase Database => _admin!.GetDatabase();

    /// <summary>The cluster's primaries as the test's own connection sees them.</summary>
    public IServer[] Primaries => _admin!.GetServers().Where(s => !s.IsReplica).ToArray();

    public async Task InitializeAsync()
    {
        _cluster = await RedisClusterProcess.StartNewAsync();
        var options = ConfigurationOptions.Parse(_cluster.Configuration);
        options.AllowAdmin = true;
        _admin = await ConnectionMultiplexer.ConnectAsync(options);
    }

    public void Configure(RedisSessionSettings settings, string prefix)
    {
        settings.Configuration = Cluster.Configuration;
        settings.Host = "not-this-host.invalid";
        settings.Prefix = prefix;
    }

    /// <summary>The primary that holds <paramref name="key"/>'s hash slot.</summary>
    public EndPoint PrimaryOf(RedisKey key) => Primaries[0].ClusterConfiguration!.GetBySlot(key)!.EndPoint!;

    public async Task<List<RedisKey>> KeysAsync(string prefix)
    {
        var keys = new List<RedisKey>();
        foreach (var primary in Primaries)
        {
            await foreach (var key in primary.KeysAsync(pattern: $"{prefix}:*", pageSize: 250))
            {
                keys.Add(key);
            }
        }
        return keys;
    }

    /// <summary>One DEL per key: keys in different hash slots can't share a command on a cluster (CROSSSLOT).</summary>
    public void DeleteKeys(string prefix)
    {
        foreach (var key in Primaries.SelectMany(p => p.Keys(pattern: $"{prefix}:*")).ToList())
        {
            Database.KeyDelete(key);
        }
    }

    public async Task DisposeAsync()
    {
        if (_admin is not null)
        {
            await _admin.DisposeAsync();
        }
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
