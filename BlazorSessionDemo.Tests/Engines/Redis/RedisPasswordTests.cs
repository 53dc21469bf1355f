using DjangoSessions.Redis;
using DjangoSessions.Signing;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorSessionDemo.Tests.Engines.Redis;

/// <summary><c>Session:Redis:Password</c> (SESSION_REDIS_PASSWORD) against a redis-server that requires one.</summary>
public sealed class RedisPasswordTests
{
    private const string Secret = "redis-password-tests-only-secret-0123456789-abc";
    private const string RedisPassword = "test-only-redis-password";

    [Fact]
    public async Task RightPassword_SessionsWork()
    {
        await using var redis = await RedisServerProcess.StartNewAsync(false, "--requirepass", RedisPassword);
        var (engine, connection) = CreateEngine(redis, RedisPassword);
        await using var _ = connection;

        var session = new DjangoSession(engine, new DjangoSessionSettings(), TimeProvider.System);
        await session.LoadAsync();
        session["a"] = 1;
        await Eventually.Bounded(session.SaveAsync());

        Assert.True(await engine.ExistsAsync(session.SessionKey!));
    }

    [Fact]
    public async Task WrongPassword_IsStoreUnavailable_NotACrash()
    {
        await using var redis = await RedisServerProcess.StartNewAsync(false, "--requirepass", RedisPassword);
        var (engine, connection) = CreateEngine(redis, "not-the-password");
        await using var _ = connection;

        var ex = await Assert.ThrowsAsync<SessionStoreUnavailableException>(() =>
            Eventually.Bounded(engine.ExistsAsync(SessionKeys.Generate())));
        Assert.Equal("redis", ex.Engine);
    }

    private static (RedisSessionEngine, RedisSessionConnection) CreateEngine(RedisServerProcess redis, string password)
    {
        var settings = Options.Create(new RedisSessionSettings { Host = redis.Host, Port = redis.Port, Password = password, Prefix = "password" });
        var connection = new RedisSessionConnection(settings);
        var codec = new SessionDataCodec(new DjangoSigner(Secret, [], SessionDataCodec.Salt, TimeProvider.System), NullLoggerFactory.Instance);
        return (new RedisSessionEngine(connection, new RedisNearCache(connection, settings, TimeProvider.System), codec, TimeProvider.System, settings), connection);
    }
}
