using System.Text.Json.Nodes;
using BlazorSessionDemo.Tests.Support;
using DjangoSessions.Catalog;
using DjangoSessions.Redis;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace BlazorSessionDemo.Tests.Engines.Redis;

/// <summary>
/// What the near cache's tests share: a real redis-server of each test's own, a connection to change keys behind the
/// nodes' backs, and nodes (engines with the near cache on) that are disposed with the test.
/// </summary>
public abstract class RedisNearCacheTestBase : IAsyncLifetime
{
    protected const string Secret = "near-cache-test-secret";
    protected const string Prefix = "near";

    // Re-probes out of the way and a probe wait a loaded CI machine always meets: these tests prove the invalidations,
    // not the probe (RedisNearCacheProbeTests does).
    private static readonly RedisNearCacheTiming Patient = new(TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(20));

    protected readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    protected RedisServerProcess _redis = null!;
    protected ConnectionMultiplexer _admin = null!;
    private readonly List<RedisEngineUnderTest> _nodes = [];

    public async Task InitializeAsync()
    {
        _redis = await RedisServerProcess.StartNewAsync();
        _admin = await ConnectionMultiplexer.ConnectAsync($"{_redis.Host}:{_redis.Port},allowAdmin=true");
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
        await _admin.DisposeAsync();
        await _redis.DisposeAsync();
    }

    // A table big enough that the few sessions of a test never share a slot (one would take the other's over).
    private protected RedisEngineUnderTest Node(int size = 1 << 20, TimeSpan? maxAge = null, ISessionEventBus? events = null,
        RedisNearCacheTiming? timing = null)
    {
        var settings = new RedisSessionSettings
        {
            Host = _redis.Host, Port = _redis.Port, Prefix = Prefix,
            NearCacheSize = size, NearCacheMaxAge = maxAge ?? TimeSpan.FromMinutes(10),
        };
        var node = new RedisEngineUnderTest(Secret, settings, _time, events, timing ?? Patient);
        _nodes.Add(node);
        return node;
    }

    private protected async Task<RedisEngineUnderTest> ArmedNodeAsync(TimeSpan? maxAge = null, ISessionEventBus? events = null,
        RedisNearCacheTiming? timing = null)
    {
        var node = Node(maxAge: maxAge, events: events, timing: timing);
        await Eventually.WaitUntilAsync("the near cache armed", () =>
        {
            node.NearCache.Get("armed-yet");
            return Task.FromResult(node.NearCache.IsArmed);
        });
        return node;
    }

    /// <summary>
    /// Reads until the node keeps a copy that stays: the invalidation of the session's own creation reaches the node
    /// a moment after the write, and may drop a copy read in between (the next read then refills it).
    /// </summary>
    private protected Task KeptAsync(RedisEngineUnderTest node, string key)
    {
        // Past the hold after a write of the node itself (reads go to Redis without keeping anything meanwhile).
        _time.Advance(RedisNearCache.WriteHold + TimeSpan.FromMilliseconds(1));
        return Eventually.WaitUntilAsync("a copy kept", async () =>
        {
            await LoadAsync(node, key);
            await Task.Delay(100);
            return node.NearCache.Get(key) is not null;
        });
    }

    private protected async Task<string> StoreAsync(RedisEngineUnderTest node, int n, TimeSpan? age = null)
    {
        var key = SessionKeys.Generate();
        await node.Engine.SaveAsync(key, new JsonObject { ["n"] = n }, _time.GetUtcNow() + (age ?? TimeSpan.FromMinutes(5)), mustCreate: true);
        return key;
    }

    private protected static async Task<JsonObject?> LoadAsync(RedisEngineUnderTest node, string key) =>
        (await node.Engine.LoadVersionedAsync(key))?.Data;

    private protected Task<long> GetCallsAsync() => CallsAsync("get");

    private protected async Task<long> CallsAsync(string command)
    {
        var info = await _admin.GetServer(_redis.Host, _redis.Port).InfoRawAsync("commandstats");
        var line = info!.Split('\n').FirstOrDefault(l => l.StartsWith($"cmdstat_{command}:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split("calls=")[1].Split(',')[0]);
    }
}
