using BlazorSessionDemo.Auth.Lockout;
using BlazorSessionDemo.Tests.Engines.Redis;
using DjangoSessions.Redis;

namespace BlazorSessionDemo.Tests.Security;

/// <summary>
/// Redis's failed-login counts on their own, over a real redis-server (issue 18's mutation run of <c>Auth/Lockout</c>):
/// where their keys live for every prefix (the app's tests always set one), and Redis down being the store unavailable
/// (the app's outage tests run it as a process of its own, out of a mutant's reach), then recovering.
/// </summary>
public sealed class SharedLoginFailuresTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));

    [Theory]
    [InlineData("", "lockout:")] // no prefix: no leading ':' either, as the engine's own keys
    [InlineData("blog", "blog:lockout:")]
    public async Task TheCounts_LiveUnderThePrefix_OneKeyPerPartition_ThatExpiresWithTheWindow(string prefix, string keyStart)
    {
        var settings = new RedisSessionSettings();
        redis.Configure(settings, prefix);
        await using var connection = new RedisSessionConnection(Options.Create(settings));
        var store = new SharedLoginFailures(connection, Options.Create(settings), _time);
        var partition = $"user:{Guid.NewGuid():N}";
        var key = keyStart + LoginPartitionKeys.HashOf(partition);

        var (token, _) = await store.TryTakeAsync(partition, 10, Window, CancellationToken.None);

        Assert.NotNull(token);
        Assert.Equal(1, await redis.Database.SortedSetLengthAsync(key));
        Assert.InRange((await redis.Database.KeyTimeToLiveAsync(key))!.Value, Window - TimeSpan.FromSeconds(30), Window);
        await store.ResetAsync(partition, CancellationToken.None);
        Assert.False(await redis.Database.KeyExistsAsync(key));
    }

    [Fact]
    public async Task RedisDown_IsTheStoreUnavailable_ForEveryOperation_AndTheCountsWorkAgainWhenItReturns()
    {
        await using var server = await RedisServerProcess.StartNewAsync(persistent: true);
        var settings = new RedisSessionSettings { Host = server.Host, Port = server.Port, Prefix = "lockout-outage" };
        await using var connection = new RedisSessionConnection(Options.Create(settings));
        var store = new SharedLoginFailures(connection, Options.Create(settings), _time);
        var (token, _) = await store.TryTakeAsync("alice", 10, Window, CancellationToken.None);

        await server.StopAsync();

        await AssertUnavailableAsync(() => store.TryTakeAsync("alice", 10, Window, CancellationToken.None));
        await AssertUnavailableAsync(() => store.RefundAsync("alice", token!, CancellationToken.None));
        await AssertUnavailableAsync(() => store.ResetAsync("alice", CancellationToken.None));

        await server.StartAsync();
        await Eventually.WaitUntilAsync("the counts reconnected to the restarted redis-server", async () =>
        {
            try
            {
                return (await store.TryTakeAsync("bob", 10, Window, CancellationToken.None)).Token is not null;
            }
            catch (SessionStoreUnavailableException)
            {
                return false;
            }
        });
    }

    private static async Task AssertUnavailableAsync(Func<Task> operation)
    {
        var error = await Assert.ThrowsAsync<SessionStoreUnavailableException>(() => Eventually.Bounded(operation()));
        Assert.Equal("redis", error.Engine);
    }
}
