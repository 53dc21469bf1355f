using System.Net;
using BlazorSessionDemo.Tests.Engines.Redis;
using DjangoSessions.Catalog;
using StackExchange.Redis;

namespace BlazorSessionDemo.Tests.MultiNode;

/// <summary>
/// <see cref="TwoNodes"/> on a Redis Cluster: two instances of the app, one SQLite database and one key ring as there,
/// but the redis engine reaches a 3-primary cluster of their own (expiry notifications on every node) through
/// <c>Session:Redis:Configuration</c> alone. Each node has its own event bus and Redis connections.
/// </summary>
public sealed class ClusterTwoNodes : IAsyncLifetime
{
    private ConnectionMultiplexer? _connection;

    public RedisClusterProcess Cluster { get; private set; } = null!;
    public AppFactory A { get; private set; } = null!;
    public AppFactory B { get; private set; } = null!;
    public string Prefix { get; } = "cluster-nodes-" + Guid.NewGuid().ToString("N");

    /// <summary>The test's own connection to the cluster (single-key commands go to the key's primary).</summary>
    public IDatabase Database => _connection!.GetDatabase();

    /// <summary>The cluster's primaries.</summary>
    public EndPoint[] Primaries => _connection!.GetServers().Where(s => !s.IsReplica).Select(s => s.EndPoint).ToArray();

    /// <summary>The primary holding <paramref name="key"/>'s hash slot.</summary>
    public EndPoint PrimaryOf(RedisKey key) => _connection!.GetServers()[0].ClusterConfiguration!.GetBySlot(key)!.EndPoint!;

    public async Task InitializeAsync()
    {
        Cluster = await RedisClusterProcess.StartNewAsync();
        _connection = await ConnectionMultiplexer.ConnectAsync(Cluster.Configuration);
        A = new AppFactory(Settings());
        var b = Settings();
        b["ConnectionStrings:Default"] = A.Database.ConnectionString;
        b["DataProtection:KeysFolder"] = Path.Combine(A.Database.Folder, "dataprotection-keys");
        B = new AppFactory(b);
        // A first, so B finds the database migrated and seeded.
        _ = A.Services;
        _ = B.Services;
        await ConnectedAsync();
    }

    public async Task DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
        await Cluster.DisposeAsync();
    }

    private Dictionary<string, string?> Settings() => new()
    {
        ["Session:Engine"] = SessionEngineNames.Redis,
        ["Session:Redis:Configuration"] = Cluster.Configuration,
        ["Session:Redis:Prefix"] = Prefix,
        // Expiry is announced by the primaries' own notifications here, not by the catalog's sweep.
        ["Session:ExpirySweepInterval"] = "01:00:00",
        ["Session:EventResyncInterval"] = "01:00:00",
    };

    /// <summary>Waits (bounded) until each node's subscription is live: a probe from each is heard by the other.</summary>
    private async Task ConnectedAsync()
    {
        foreach (var (from, to) in new[] { (A, B), (B, A) })
        {
            using var log = TwoNodes.Listen(to);
            var probe = SessionFingerprint.Of(Guid.NewGuid().ToString("N"));
            await Eventually.WaitUntilAsync("the other node hears a probe event", async () =>
            {
                TwoNodes.Bus(from).Publish(new SessionEvent(SessionEventKind.Activity, probe, null));
                await Task.Delay(50);
                return log.Any(e => e.Fingerprint == probe);
            });
        }
    }
}
