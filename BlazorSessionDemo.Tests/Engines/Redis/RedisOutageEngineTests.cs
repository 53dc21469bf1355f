using System.Net;
using DjangoSessions.Redis;
using DjangoSessions.Signing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorSessionDemo.Tests.Engines.Redis;

/// <summary>
/// Every engine operation while Redis is down fails promptly as <see cref="SessionStoreUnavailableException"/> (the
/// 503 path), never hangs and never reads as "no session"; the same engine works again once Redis is back.
/// </summary>
public sealed class RedisOutageEngineTests
{
    private const string Secret = "redis-outage-tests-only-secret-0123456789-abcdef";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 4, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task RedisDown_EveryOperationThrowsStoreUnavailable_ThenTheSameEngineWorksAfterRestart()
    {
        await using var redis = await RedisServerProcess.StartNewAsync(persistent: true);
        var settings = Settings();
        var redisSettings = RedisSettings(redis, "engine-outage");
        await using var connection = new RedisSessionConnection(redisSettings);
        var engine = CreateEngine(connection, redisSettings);
        var saved = new DjangoSession(engine, settings, _time);
        await saved.LoadAsync();
        saved["user_id"] = 7;
        await saved.SaveAsync();
        var key = saved.SessionKey!;

        await redis.StopAsync();

        await AssertUnavailableAsync(() => new DjangoSession(engine, settings, _time, key).LoadAsync());
        await AssertUnavailableAsync(() => engine.ExistsAsync(key));
        await AssertUnavailableAsync(() => saved.SaveAsync());
        await AssertUnavailableAsync(() => new DjangoSession(engine, settings, _time).CreateAsync());
        await AssertUnavailableAsync(() => engine.DeleteAsync(key));

        await redis.StartAsync();
        await Eventually.WaitUntilAsync("the engine reconnected to the restarted redis-server", () => AnswersAsync(engine));
        var loaded = new DjangoSession(engine, settings, _time, key);
        await loaded.LoadAsync();

        Assert.Equal(key, loaded.SessionKey);
        Assert.Equal(7, loaded.Get<int>("user_id"));
    }

    [Fact]
    public async Task HealthCheck_UnhealthyWhileRedisDown_HealthyAfterRestart()
    {
        await using var redis = await RedisServerProcess.StartNewAsync();
        await using var host = await RedisSessionTestHost.StartAsync(redis.Host, redis.Port, "health");
        var up = await host.SendAsync(HttpMethod.Get, "/healthz");
        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
        Assert.Equal("Healthy", await up.Content.ReadAsStringAsync());

        await redis.StopAsync();
        var down = await Eventually.Bounded(host.SendAsync(HttpMethod.Get, "/healthz"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal("Unhealthy", await down.Content.ReadAsStringAsync());

        await redis.StartAsync();
        await Eventually.WaitUntilAsync("/healthz reported Healthy again", async () =>
            await (await host.SendAsync(HttpMethod.Get, "/healthz")).Content.ReadAsStringAsync() == "Healthy");
    }

    [Fact]
    public async Task HealthCheck_ReportsTheRedisEngineByName_WhenItIsDown()
    {
        await using var redis = RedisServerProcess.Create();
        var settings = Settings();
        settings.Engine = SessionEngineNames.Redis;
        var redisSettings = RedisSettings(redis, "health-name");
        await using var connection = new RedisSessionConnection(redisSettings);
        var check = new SessionStoreHealthCheck(CreateEngine(connection, redisSettings), Options.Create(settings));

        var result = await Eventually.Bounded(check.CheckHealthAsync(new HealthCheckContext()));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal("redis", Assert.IsType<SessionStoreUnavailableException>(result.Exception).Engine);
    }

    private static DjangoSessionSettings Settings() => new() { Secrets = { SecretKey = Secret } };

    private static IOptions<RedisSessionSettings> RedisSettings(RedisServerProcess redis, string prefix) =>
        Options.Create(new RedisSessionSettings { Host = redis.Host, Port = redis.Port, Prefix = prefix });

    private RedisSessionEngine CreateEngine(RedisSessionConnection connection, IOptions<RedisSessionSettings> redis) =>
        new(connection, new RedisNearCache(connection, redis, _time), new SessionDataCodec(new DjangoSigner(Secret, [], SessionDataCodec.Salt, _time), NullLoggerFactory.Instance),
            _time, redis);

    private static async Task AssertUnavailableAsync(Func<Task> operation)
    {
        var ex = await Assert.ThrowsAsync<SessionStoreUnavailableException>(() => Eventually.Bounded(operation()));
        Assert.Equal("redis", ex.Engine);
    }

    private static async Task<bool> AnswersAsync(ISessionEngine engine)
    {
        try
        {
            await engine.ExistsAsync(SessionKeys.Generate());
            return true;
        }
        catch (SessionStoreUnavailableException)
        {
            return false;
        }
    }
}
