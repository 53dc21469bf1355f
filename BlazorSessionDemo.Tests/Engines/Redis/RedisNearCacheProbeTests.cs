using DjangoSessions.Redis;

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
