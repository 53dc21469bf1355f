using System.Text.Json.Nodes;
using DjangoSessions.Catalog;
using DjangoSessions.Redis;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace BlazorSessionDemo.Tests.Engines.Redis;

/// <summary>
/// The redis engine's near cache (<c>Session:Redis:NearCacheSize</c>) on a real redis-server: a read it serves never
/// reaches Redis, a node's own writes are seen by its next read, a copy never outlives the key's TTL or the max age, and
/// a read racing a write never keeps the older value.
/// </summary>
public sealed class RedisNearCacheTests : RedisNearCacheTestBase
{
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
}
