using DjangoSessions.Redis;
using StackExchange.Redis;

namespace BlazorSessionDemo.Tests.Engines.Redis;

/// <summary>
/// The near cache's own check that invalidations still arrive: while armed it writes a probe key every few seconds
/// (here every 300 ms), and one whose invalidation doesn't come back in time (here: Redis stalls writes, with no
/// connection error for the client to report) drops every copy until a probe succeeds again.
/// </summary>
public sealed class RedisNearCacheProbeTests : RedisNearCacheTestBase
{
    private static readonly RedisNearCacheTiming Quick = new(TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(500));

    [Fact]
    public async Task TheSessionConnection_TracksThePrefix_InBroadcast_SparedItsOwnWrites_RedirectedToTheListener()
    {
        var node = await ArmedNodeAsync();
        var main = await node.Connection.GetMultiplexerAsync();

        // Asked on the session connection itself: CLIENT TRACKINGINFO describes the connection that sends it.
        var reply = (RedisResult[])(await main.GetServer(_redis.Host, _redis.Port).ExecuteAsync("CLIENT", "TRACKINGINFO"))!;
        var info = Enumerable.Range(0, reply.Length / 2).ToDictionary(i => (string)reply[2 * i]!, i => reply[2 * i + 1]);

        var flags = ((RedisResult[])info["flags"]!).Select(f => (string)f!).ToArray();
        Assert.Contains("on", flags);
        Assert.Contains("bcast", flags);
        Assert.Contains("noloop", flags);
        Assert.DoesNotContain("broken_redirect", flags);
        Assert.Equal([$"{Prefix}:"], ((RedisResult[])info["prefixes"]!).Select(p => (string)p!));
        var subscribers = (string)(await _admin.GetServer(_redis.Host, _redis.Port).ExecuteAsync("CLIENT", "LIST", "TYPE", "pubsub"))!;
        Assert.Contains($"id={(long)info["redirect"]!} ", subscribers);
    }

    [Fact]
    public async Task WhileArmed_TheProbeIsRepeated()
    {
        await ArmedNodeAsync(timing: Quick);
        var sets = await WritesAsync();

        await Eventually.WaitUntilAsync("three more probes", async () => await WritesAsync() >= sets + 3);
    }

    [Fact]
    public async Task AProbeNotSeenInTime_DropsEveryCopy_UntilOneIsSeenAgain()
    {
        var node = await ArmedNodeAsync(timing: Quick);
        var key = await StoreAsync(node, 1);
        await KeptAsync(node, key);

        // Writes stall for 3 s: nothing fails on the client's side, only the probe notices.
        await _admin.GetServer(_redis.Host, _redis.Port).ExecuteAsync("CLIENT", "PAUSE", "3000", "WRITE");

        await Eventually.WaitUntilAsync("disarmed", () => Task.FromResult(!node.NearCache.IsArmed));
        Assert.Null(node.NearCache.Get(key));
        await Eventually.WaitUntilAsync("armed again once writes resume", () => Task.FromResult(node.NearCache.IsArmed));
        await KeptAsync(node, key);
    }

    // The probe's write with its TTL, whichever form the client sends it in.
    private async Task<long> WritesAsync() => await CallsAsync("set") + await CallsAsync("setex") + await CallsAsync("psetex");
}
