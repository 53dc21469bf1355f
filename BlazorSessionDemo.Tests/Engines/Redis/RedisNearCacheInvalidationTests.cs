using System.Text.Json.Nodes;
using DjangoSessions.Catalog;
using DjangoSessions.Redis;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace BlazorSessionDemo.Tests.Engines.Redis;

/// <summary>
/// Every way a session key can change behind a node's back drops that node's copy: another node's write, a Django app's
/// raw SET, DEL, a TTL running out, FLUSHDB (Redis's own invalidations), another node's logout heard as a session event;
/// and losing either connection drops every copy until tracking is proven again.
/// </summary>
public sealed class RedisNearCacheInvalidationTests : RedisNearCacheTestBase
{
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
    public async Task AnotherNodesLogout_HeardAsAnEvent_DropsTheCopy_BeforeThisNodesPagesHearIt()
    {
        // Nothing is written to Redis here: only the event can drop the copy (its invalidation may come second).
        var bus = new NodeSpanningSessionEventBus(new InProcessSessionEventBus(NullLogger<InProcessSessionEventBus>.Instance), []);
        var node = await ArmedNodeAsync(events: bus);
        var (ended, other) = (await StoreAsync(node, 1), await StoreAsync(node, 2));
        await KeptAsync(node, ended);
        await KeptAsync(node, other);
        bool? keptWhenThePageHeard = null;
        using var page = bus.SubscribeToSession(SessionFingerprint.Of(ended), _ => keptWhenThePageHeard = node.NearCache.Get(ended) is not null);

        bus.Receive(new SessionEventMessage("another-node", new SessionEvent(SessionEventKind.Ended, SessionFingerprint.Of(ended), null, SessionEndReason.Deleted)));

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
            try
            {
                await LoadAsync(node, key);
            }
            catch (SessionStoreUnavailableException)
            {
                // The session connection is still reconnecting (killed with the normal clients): a 503 meanwhile.
                return false;
            }
            return node.NearCache.Get(key) is not null;
        });
        await _admin.GetDatabase().StringSetAsync($"{Prefix}:{key}", node.Codec.Encode(new JsonObject { ["n"] = 7 }), TimeSpan.FromMinutes(5));
        await Eventually.WaitUntilAsync("a later write still invalidates", () => Task.FromResult(node.NearCache.Get(key) is null));
        Assert.Equal(7, (int)(await LoadAsync(node, key))!["n"]!);
    }
}
