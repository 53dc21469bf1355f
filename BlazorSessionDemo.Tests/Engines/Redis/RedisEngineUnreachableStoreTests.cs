using System.Text.Json.Nodes;
using DjangoSessions.Redis;

namespace BlazorSessionDemo.Tests.Engines.Redis;

/// <summary>
/// Redis not reachable (nothing listens on the port, so no server process is needed): every engine operation throws
/// <see cref="SessionStoreUnavailableException"/> naming the redis engine (the 503 path), never an answer such as
/// "no session" or "key unknown" that would log the user out or let a save pass as done. The stop/restart cycle on a
/// real redis-server is RedisOutageEngineTests.
/// </summary>
public sealed class RedisEngineUnreachableStoreTests : IAsyncLifetime
{
    private const string Secret = "redis-unreachable-tests-only-secret-0123456789-abcdef";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 4, 12, 0, 0, TimeSpan.Zero));
    private readonly RedisSessionSettings _redisSettings = new() { Host = "127.0.0.1", Port = LoopbackPorts.Free(), Prefix = "unreachable" };
    private RedisEngineUnderTest _redis = null!;

    private RedisSessionEngine Engine => _redis.Engine;

    public Task InitializeAsync()
    {
        _redis = new RedisEngineUnderTest(Secret, _redisSettings, _time);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task EveryOperation_ThrowsStoreUnavailable_NamingRedis()
    {
        var key = SessionKeys.Generate();
        var inAnHour = _time.GetUtcNow().AddHours(1);

        await AssertUnavailableAsync(() => Engine.LoadAsync(key));
        await AssertUnavailableAsync(() => Engine.LoadVersionedAsync(key));
        await AssertUnavailableAsync(() => Engine.ExistsAsync(key));
        await AssertUnavailableAsync(() => Engine.SaveAsync(key, new JsonObject { ["a"] = 1 }, inAnHour, mustCreate: true));
        await AssertUnavailableAsync(() => Engine.SaveIfUnchangedAsync(key, new JsonObject { ["a"] = 1 }, inAnHour, "v"));
        await AssertUnavailableAsync(() => Engine.DeleteAsync(key));
        await AssertUnavailableAsync(() => Engine.ReadRawAsync(key));
    }

    private static async Task AssertUnavailableAsync(Func<Task> operation)
    {
        var ex = await Assert.ThrowsAsync<SessionStoreUnavailableException>(() => Eventually.Bounded(operation()));
        Assert.Equal("redis", ex.Engine);
    }

    public async Task DisposeAsync() => await _redis.DisposeAsync();
}
