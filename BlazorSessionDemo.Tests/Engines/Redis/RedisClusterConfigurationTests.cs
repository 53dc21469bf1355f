using DjangoSessions.Signing;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorSessionDemo.Tests.Engines.Redis;

/// <summary>
/// <c>Session:Redis:Configuration</c> on a real 3-primary Redis Cluster: the app (registered through
/// <c>AddRedisEngine</c>) works with the string alone, keeps django-redis-sessions' key names, and refuses on start what
/// can't work (a database other than 0 on a cluster, a string StackExchange.Redis can't parse), saying which setting.
/// </summary>
public sealed class RedisClusterConfigurationTests(RedisClusterFixture cluster) : IClassFixture<RedisClusterFixture>
{
    private const string Secret = "redis-cluster-tests-only-secret-0123456789-abcdef";

    private Dictionary<string, string?> ClusterSettings(string prefix, int db = 0) => new()
    {
        ["Session:Redis:Configuration"] = cluster.Cluster.Configuration,
        // Nothing listens there: the app works only because the configuration string takes precedence.
        ["Session:Redis:Host"] = "not-this-host.invalid",
        ["Session:Redis:Prefix"] = prefix,
        ["Session:Redis:Db"] = db.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task App_WithTheConfigurationString_WritesAndReadsASession_OnTheCluster()
    {
        var prefix = $"cfg-{Guid.NewGuid():N}";
        await using var app = await RedisSessionTestHost.StartAsync(ClusterSettings(prefix));
        try
        {
            var key = await app.CreateSessionAsync("on-the-cluster");

            var read = await app.SendAsync(HttpMethod.Get, "/read", key);
            Assert.Equal("on-the-cluster", await read.Content.ReadAsStringAsync());
            Assert.True(await cluster.Database.KeyExistsAsync($"{prefix}:{key}"));
        }
        finally
        {
            cluster.DeleteKeys(prefix);
        }
    }

    [Fact]
    public async Task Sessions_KeepDjangoRedisSessionsKeyNames_NoHashTag_AndSpreadOverThePrimaries()
    {
        // A hash tag ({...}) would pin every session to one slot, and one primary; the names stay prefix:key.
        var prefix = $"spread-{Guid.NewGuid():N}";
        var settings = new RedisSessionSettings();
        cluster.Configure(settings, prefix);
        await using var connection = new RedisSessionConnection(Options.Create(settings));
        var engine = new RedisSessionEngine(connection, new RedisNearCache(connection, Options.Create(settings), TimeProvider.System), Codec(), TimeProvider.System, Options.Create(settings));
        try
        {
            var keys = new List<string>();
            for (var i = 0; i < 20; i++)
            {
                var session = new DjangoSession(engine, new DjangoSessionSettings(), TimeProvider.System);
                await session.LoadAsync();
                session["i"] = i;
                await session.SaveAsync();
                keys.Add($"{prefix}:{session.SessionKey}");
            }

            Assert.Equal(keys.Order(), (await cluster.KeysAsync(prefix)).Select(k => k.ToString()).Order());
            // 20 random keys all on one of 3 primaries: about one chance in a billion.
            Assert.True(keys.Select(k => cluster.PrimaryOf(k)).Distinct().Count() > 1);
        }
        finally
        {
            cluster.DeleteKeys(prefix);
        }
    }

    [Fact]
    public async Task Start_WithDbOtherThanZero_OnACluster_FailsNamingTheSetting()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            RedisSessionTestHost.StartAsync(ClusterSettings($"db-{Guid.NewGuid():N}", db: 1)));

        Assert.Contains("Session:Redis:Db is 1", error.Message);
        Assert.Contains("Redis Cluster, which has only database 0", error.Message);
    }

    [Theory]
    [InlineData("127.0.0.1:6379,notAnOption=1", "Keyword 'notAnOption' is not supported")]
    [InlineData("127.0.0.1:6379,connectTimeout=soon", "connectTimeout")]
    [InlineData("password=only-a-password", "names no server")]
    public async Task Start_WithAConfigurationStringThatCannotWork_FailsNamingTheSetting(string configuration, string reason)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            RedisSessionTestHost.StartAsync(new Dictionary<string, string?> { ["Session:Redis:Configuration"] = configuration }));

        Assert.Contains("Session:Redis:Configuration", error.Message);
        Assert.Contains(reason, error.Message);
        Assert.DoesNotContain("only-a-password", error.Message);
    }

    private static SessionDataCodec Codec() =>
        new(new DjangoSigner(Secret, [], SessionDataCodec.Salt, TimeProvider.System), NullLoggerFactory.Instance);
}
