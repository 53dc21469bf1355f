using System.Text.Json.Nodes;
using BlazorSessionDemo.Tests.Support;
using DjangoSessions.Catalog;
using DjangoSessions.Redis;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace BlazorSessionDemo.Tests.Engines.Redis;

/// <summary>
/// The redis engine's near cache (<c>Session:Redis:NearCacheSize</c>) on a real redis-server of each test's own: a read
/// it serves never reaches Redis, and every way a session key can change behind a node's back (another node, a
/// Django app's raw SET, DEL, a TTL running out, FLUSHDB) drops that node's copy through Redis's own invalidations;
/// losing either connection drops every copy until tracking is proven again.
/// </summary>
public sealed class RedisNearCacheTests : IAsyncLifetime
{
    private const string Secret = "near-cache-test-secret";
    private const string Prefix = "near";
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private RedisServerProcess _redis = null!;
    private ConnectionMultiplexer _admin = null!;
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

    [Fact]
    public async Task RepeatedReads_AreServedFromTheCopy_WithoutAGetOnRedis()
    {
        var node = await ArmedNodeAsync();
        var key = await StoreAsync(node, 1);
        await KeptAsync(node, key);
        var before = await GetCallsAsync();

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(1, (int)(await LoadAsync(node, key))!["n"]!);
        }

        Assert.Equal(before, await GetCallsAsync());
    }

    [Fact]
    public async Task AWriteOfAnotherNode_IsSeen_OnceRedisInvalidatesTheCopy()
    {
        var (a, b) = (await ArmedNodeAsync(), await ArmedNodeAsync());
        var key = await StoreAsync(a, 1);
        await KeptAsync(b, key);
        Assert.Equal(1, (int)(await LoadAsync(b, key))!["n"]!);

        await a.Engine.SaveAsync(key, new JsonObject { ["n"] = 2 }, _time.GetUtcNow().AddMinutes(5), mustCreate: false);

        // The max age is ten minutes here: only Redis's invalidation can drop b's copy this soon.
        await Eventually.WaitUntilAsync("b's copy dropped", () => Task.FromResult(b.NearCache.Get(key) is null));
        Assert.Equal(2, (int)(await LoadAsync(b, key))!["n"]!);
    }

    [Fact]
    public async Task AWriteOfThisNode_IsSeenByItsVeryNextRead()
    {
        var node = await ArmedNodeAsync();
        var key = await StoreAsync(node, 1);
        Assert.Equal(1, (int)(await LoadAsync(node, key))!["n"]!);

        await node.Engine.SaveAsync(key, new JsonObject { ["n"] = 2 }, _time.GetUtcNow().AddMinutes(5), mustCreate: false);
        Assert.Equal(2, (int)(await LoadAsync(node, key))!["n"]!);

        await node.Engine.DeleteAsync(key);
        Assert.Null(await LoadAsync(node, key));
    }

    [Fact]
    public async Task RightAfterItsOwnWrite_ANodeReadsRedis_WithoutKeepingACopy_ForAMoment()
    {
        var node = await ArmedNodeAsync();
        var key = await StoreAsync(node, 1);
        await KeptAsync(node, key);

        await node.Engine.SaveAsync(key, new JsonObject { ["n"] = 2 }, _time.GetUtcNow().AddMinutes(5), mustCreate: false);
        var (gets, pttls) = (await CallsAsync("get"), await CallsAsync("pttl"));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(2, (int)(await LoadAsync(node, key))!["n"]!);
        }

        // Plain GETs (a write on every request costs what it costs without the near cache), no copy kept.
        Assert.Equal((gets + 3, pttls), (await CallsAsync("get"), await CallsAsync("pttl")));
        Assert.Null(node.NearCache.Get(key));
        await KeptAsync(node, key);
        Assert.Equal(2, (int)node.NearCache.Get(key)!.Data["n"]!);
    }

    [Theory]
    [InlineData(SessionEventKind.Ended)]
    [InlineData(SessionEventKind.Expired)]
    public async Task AnotherNodesEndOfTheSession_HeardAsAnEvent_DropsTheCopy_BeforeThisNodesPagesHearIt(SessionEventKind kind)
    {
        // Nothing is written to Redis here: only the event can drop the copy (its invalidation may come second).
        var bus = new NodeSpanningSessionEventBus(new InProcessSessionEventBus(NullLogger<InProcessSessionEventBus>.Instance), []);
        var node = await ArmedNodeAsync(events: bus);
        var (ended, other) = (await StoreAsync(node, 1), await StoreAsync(node, 2));
        await KeptAsync(node, ended);
        await KeptAsync(node, other);
        bool? keptWhenThePageHeard = null;
        using var page = bus.SubscribeToSession(SessionFingerprint.Of(ended), _ => keptWhenThePageHeard = node.NearCache.Get(ended) is not null);

        bus.Receive(new SessionEventMessage("another-node", new SessionEvent(kind, SessionFingerprint.Of(ended), null, SessionEndReason.Deleted)));

        Assert.False(keptWhenThePageHeard);
        Assert.Null(node.NearCache.Get(ended));
        Assert.NotNull(node.NearCache.Get(other));
    }

    [Fact]
    public async Task ChangesBehindTheEnginesBack_DjangosSet_Del_Expiry_Flush_DropTheCopy()
    {
        var node = await ArmedNodeAsync();
        var db = _admin.GetDatabase();
        var (replaced, deleted, expiring, flushed) =
            (await StoreAsync(node, 1), await StoreAsync(node, 2), await StoreAsync(node, 3), await StoreAsync(node, 4));
        foreach (var key in new[] { replaced, deleted, expiring, flushed })
        {
            await KeptAsync(node, key);
        }

        // A Django app on django-redis-sessions writes the same key with SETEX.
        await db.StringSetAsync($"{Prefix}:{replaced}", node.Codec.Encode(new JsonObject { ["n"] = 10 }), TimeSpan.FromMinutes(5));
        await db.KeyDeleteAsync($"{Prefix}:{deleted}");
        await db.KeyExpireAsync($"{Prefix}:{expiring}", TimeSpan.FromMilliseconds(50));

        await Eventually.WaitUntilAsync("copies dropped", () => Task.FromResult(
            node.NearCache.Get(replaced) is null && node.NearCache.Get(deleted) is null && node.NearCache.Get(expiring) is null));
        Assert.Equal(10, (int)(await LoadAsync(node, replaced))!["n"]!);
        Assert.Null(await LoadAsync(node, deleted));
        await Eventually.WaitUntilAsync("the expired key gone", async () => await LoadAsync(node, expiring) is null);

        Assert.NotNull(node.NearCache.Get(flushed));
        await _admin.GetServer(_redis.Host, _redis.Port).FlushDatabaseAsync();
        await Eventually.WaitUntilAsync("flush drops every copy", () => Task.FromResult(node.NearCache.Get(flushed) is null));
        Assert.Null(await LoadAsync(node, flushed));
    }

    [Fact]
    public async Task ACopy_IsNotUsed_PastTheKeysTtl_NorPastTheMaxAge()
    {
        var node = await ArmedNodeAsync(maxAge: TimeSpan.FromMinutes(2));
        var shortLived = await StoreAsync(node, 1, TimeSpan.FromSeconds(40));
        var longLived = await StoreAsync(node, 2, TimeSpan.FromMinutes(10));
        await KeptAsync(node, shortLived);
        await KeptAsync(node, longLived);

        _time.Advance(TimeSpan.FromSeconds(41));
        Assert.Null(node.NearCache.Get(shortLived));
        Assert.NotNull(node.NearCache.Get(longLived));

        _time.Advance(TimeSpan.FromSeconds(80));
        Assert.Null(node.NearCache.Get(longLived));
    }

    [Theory]
    [InlineData("pubsub")]
    [InlineData("normal")]
    public async Task AConnectionKilled_DropsEveryCopy_AndTrackingIsArmedAgain(string killed)
    {
        var node = await ArmedNodeAsync();
        var key = await StoreAsync(node, 1);
        await KeptAsync(node, key);

        // The listener (pubsub) or the session connection that asked for tracking (normal): Redis forgets either's state.
        await _admin.GetServer(_redis.Host, _redis.Port).ExecuteAsync("CLIENT", "KILL", "TYPE", killed);

        await Eventually.WaitUntilAsync("every copy dropped", () => Task.FromResult(node.NearCache.Get(key) is null));
        await Eventually.WaitUntilAsync("armed again", async () =>
        {
            await LoadAsync(node, key);
            return node.NearCache.Get(key) is not null;
        });
        await _admin.GetDatabase().StringSetAsync($"{Prefix}:{key}", node.Codec.Encode(new JsonObject { ["n"] = 7 }), TimeSpan.FromMinutes(5));
        await Eventually.WaitUntilAsync("a later write still invalidates", () => Task.FromResult(node.NearCache.Get(key) is null));
        Assert.Equal(7, (int)(await LoadAsync(node, key))!["n"]!);
    }

    [Fact]
    public async Task ReadsRacingWrites_NeverKeepAStaleValue()
    {
        // b reads without pause while a writes n = 1..200: a read whose reply is overtaken by the write's invalidation
        // must not keep its value. Were one kept, b would read it for the whole max age (ten minutes), and the wait fails.
        var (a, b) = (await ArmedNodeAsync(), await ArmedNodeAsync());
        var key = await StoreAsync(a, 0);
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await LoadAsync(b, key);
            }
        });
        try
        {
            for (var n = 1; n <= 200; n++)
            {
                await a.Engine.SaveAsync(key, new JsonObject { ["n"] = n }, _time.GetUtcNow().AddMinutes(5), mustCreate: false);
                var expected = n;
                await Eventually.WaitUntilAsync($"b reads n = {n}", async () => (int)(await LoadAsync(b, key))!["n"]! == expected);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await reader;
        }
    }

    [Fact]
    public async Task Off_ByDefault_EveryReadAsksRedis()
    {
        var node = Node(size: 0);
        var key = await StoreAsync(node, 1);
        await LoadAsync(node, key);
        var before = await GetCallsAsync();

        await LoadAsync(node, key);
        await LoadAsync(node, key);

        Assert.Equal(before + 2, await GetCallsAsync());
        Assert.False(node.NearCache.IsArmed);
        Assert.Equal(0, new RedisSessionSettings().NearCacheSize);
    }

    private RedisEngineUnderTest Node(int size = 64, TimeSpan? maxAge = null, ISessionEventBus? events = null)
    {
        var settings = new RedisSessionSettings
        {
            Host = _redis.Host, Port = _redis.Port, Prefix = Prefix,
            NearCacheSize = size, NearCacheMaxAge = maxAge ?? TimeSpan.FromMinutes(10),
        };
        var node = new RedisEngineUnderTest(Secret, settings, _time, events);
        _nodes.Add(node);
        return node;
    }

    private async Task<RedisEngineUnderTest> ArmedNodeAsync(TimeSpan? maxAge = null, ISessionEventBus? events = null)
    {
        var node = Node(maxAge: maxAge, events: events);
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
    private Task KeptAsync(RedisEngineUnderTest node, string key)
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

    private async Task<string> StoreAsync(RedisEngineUnderTest node, int n, TimeSpan? age = null)
    {
        var key = SessionKeys.Generate();
        await node.Engine.SaveAsync(key, new JsonObject { ["n"] = n }, _time.GetUtcNow() + (age ?? TimeSpan.FromMinutes(5)), mustCreate: true);
        return key;
    }

    private static async Task<JsonObject?> LoadAsync(RedisEngineUnderTest node, string key) =>
        (await node.Engine.LoadVersionedAsync(key))?.Data;

    private Task<long> GetCallsAsync() => CallsAsync("get");

    private async Task<long> CallsAsync(string command)
    {
        var info = await _admin.GetServer(_redis.Host, _redis.Port).InfoRawAsync("commandstats");
        var line = info!.Split('\n').FirstOrDefault(l => l.StartsWith($"cmdstat_{command}:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split("calls=")[1].Split(',')[0]);
    }
}
