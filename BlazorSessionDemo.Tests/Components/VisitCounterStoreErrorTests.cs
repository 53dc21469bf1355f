using BlazorSessionDemo.Components.Shared;
using BlazorSessionDemo.Tests.Engines.Redis;
using Bunit;
using DjangoSessions.Lifecycle;
using DjangoSessions.Signing;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorSessionDemo.Tests.Components;

/// <summary>
/// The interactive visit counter over a real redis-server that stops and starts again: a click while the store is down
/// says so and the circuit lives on (before, the exception escaped the click and ended the circuit); once the store is
/// back the next click counts. A session deleted meanwhile says it ended.
/// </summary>
public sealed class VisitCounterStoreErrorTests : IAsyncLifetime
{
    private const string Secret = "visit-counter-store-error-tests-secret-0123456789";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 4, 12, 0, 0, TimeSpan.Zero));
    private readonly BunitContext _ui = new();
    private RedisServerProcess _redis = null!;
    private RedisSessionConnection _connection = null!;
    private DjangoSessionSettings _settings = null!;
    private ISessionEngine _engine = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServerProcess.StartNewAsync(persistent: true);
        _settings = new DjangoSessionSettings { Secrets = { SecretKey = Secret } };
        var redis = Options.Create(new RedisSessionSettings { Host = _redis.Host, Port = _redis.Port, Prefix = "visit-counter" });
        _connection = new RedisSessionConnection(redis);
        _engine = new RedisSessionEngine(_connection, new RedisNearCache(_connection, redis, _time),
            new SessionDataCodec(new DjangoSigner(Secret, [], SessionDataCodec.Salt, _time), NullLoggerFactory.Instance),
            _time, redis);
        _ui.Services.AddScoped(_ => new DjangoSessionFactory(new SessionLifecycle(_engine), Options.Create(_settings), _time));
        _ui.Services.AddScoped<CircuitSessionAccess>();
        _ui.Services.AddLogging();
        _ui.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    [Fact]
    public async Task Click_WhileTheStoreIsDown_ShowsTheOutage_AndCountsOnceItIsBack()
    {
        var key = await StoredSessionAsync(visits: 2);
        var counter = RenderCounter(key);
        // The first render happens while the session is still loading from Redis.
        counter.WaitForAssertion(() => Assert.Equal("2", counter.Find("#visit-count").TextContent), Eventually.Limit);

        await _redis.StopAsync();
        await Eventually.Bounded(counter.Find("#count-visit").ClickAsync(new()));

        var problem = counter.WaitForElement("#counter-problem", Eventually.Limit);
        Assert.Contains("session store (redis) is not answering", problem.TextContent);
        Assert.Equal("2", counter.Find("#visit-count").TextContent);

        await _redis.StartAsync();
        await Eventually.WaitUntilAsync("a click counted after redis-server came back", async () =>
        {
            await counter.Find("#count-visit").ClickAsync(new());
            return counter.FindAll("#counter-problem").Count == 0;
        });
        Assert.Equal("3", counter.Find("#visit-count").TextContent);
    }

    [Fact]
    public async Task Click_AfterTheSessionWasDeletedElsewhere_SaysItEnded()
    {
        var key = await StoredSessionAsync(visits: 1);
        var counter = RenderCounter(key);
        counter.WaitForAssertion(() => Assert.Equal("1", counter.Find("#visit-count").TextContent), Eventually.Limit);

        await new DjangoSession(_engine, _settings, _time, key).FlushAsync();
        await counter.Find("#count-visit").ClickAsync(new());

        counter.WaitForElement("#counter-ended");
        Assert.Null(await _engine.LoadAsync(key));
    }

    /// <summary>
    /// The counter as the circuit first renders it: the session key comes from the request that prerendered the page
    /// (persisted component state in the app); every click after that opens and saves the session over the circuit.
    /// </summary>
    private IRenderedComponent<VisitCounter> RenderCounter(string key) =>
        _ui.Render<VisitCounter>(p => p.AddCascadingValue<HttpContext>(
            ComponentStore.RequestWith(new DjangoSession(_engine, _settings, _time, key))));

    private async Task<string> StoredSessionAsync(int visits)
    {
        var session = new DjangoSession(_engine, _settings, _time);
        await session.LoadAsync();
        session[VisitCounter.VisitsKey] = visits;
        await session.SaveAsync();
        return session.SessionKey!;
    }

    public async Task DisposeAsync()
    {
        await _ui.DisposeAsync();
        await _connection.DisposeAsync();
        await _redis.DisposeAsync();
    }
}
