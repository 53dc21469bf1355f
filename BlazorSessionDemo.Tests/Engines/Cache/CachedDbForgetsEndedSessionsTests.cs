using DjangoSessions.Catalog;
using DjangoSessions.Signing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorSessionDemo.Tests.Engines.Cache;

/// <summary>
/// cached_db on one node of several with an in-process cache keeps an index of the sessions it cached, so another
/// node's news about one of them (a save, an end) drops this node's copy. A session this node ended itself is no
/// longer in its cache, so it leaves the index too: later news about it costs this node nothing, and the index does
/// not keep the keys of ended sessions until their old expire date. The other node is played by its messages, handed
/// to this node's bus as a transport hands them.
/// </summary>
public sealed class CachedDbForgetsEndedSessionsTests : IDisposable
{
    private const string Secret = "cached-db-forget-tests-only-secret-0123456789-abc";
    private const string OtherNode = "the-other-node";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 4, 12, 0, 0, TimeSpan.Zero));
    private readonly DjangoSessionSettings _settings = new() { Secrets = { SecretKey = Secret } };
    private readonly FrameworkDatabase _database = new();
    private readonly RemovalRecordingMemoryCache _cache = new();
    private readonly NodeSpanningSessionEventBus _bus =
        new(new InProcessSessionEventBus(NullLogger<InProcessSessionEventBus>.Instance), []);
    private readonly CachedDbSessionEngine<FrameworkDbContext> _engine;

    public CachedDbForgetsEndedSessionsTests()
    {
        var codec = new SessionDataCodec(new DjangoSigner(Secret, [], SessionDataCodec.Salt, _time), NullLoggerFactory.Instance);
        var contexts = new PooledDbContextFactory<FrameworkDbContext>(
            new DbContextOptionsBuilder<FrameworkDbContext>().UseSqlite(_database.ConnectionString).Options);
        _engine = new CachedDbSessionEngine<FrameworkDbContext>(_cache,
            new DbSessionEngine<FrameworkDbContext>(contexts, codec, _time, Options.Create(_settings)),
            codec, _time, NullLogger<CachedDbSessionEngine<FrameworkDbContext>>.Instance, _bus);
    }

    public void Dispose()
    {
        _engine.Dispose();
        _database.Dispose();
    }

    [Fact]
    public async Task AnotherNodesNews_DropsTheCopyOfALiveSession()
    {
        // The index at work: what the other test's "nothing" is measured against.
        var key = await SaveNewSessionAsync();

        _bus.Receive(new SessionEventMessage(OtherNode, new SessionEvent(SessionEventKind.Saved, SessionFingerprint.Of(key), null)));

        Assert.Equal(1, _cache.RemovalsOf(CacheSessionEngine.CachedDbKeyPrefix + key));
        Assert.Null(await _cache.GetAsync(CacheSessionEngine.CachedDbKeyPrefix + key));
    }

    [Fact]
    public async Task AfterALogoutHere_AnotherNodesNewsOfThatSession_MakesNoCacheCallHere()
    {
        var key = await SaveNewSessionAsync();
        var session = new DjangoSession(_engine, _settings, _time, key);
        await session.LoadAsync();
        await session.FlushAsync();
        var cacheKey = CacheSessionEngine.CachedDbKeyPrefix + key;
        Assert.Equal(1, _cache.RemovalsOf(cacheKey)); // the logout's own delete

        _bus.Receive(new SessionEventMessage(OtherNode, new SessionEvent(SessionEventKind.Ended, SessionFingerprint.Of(key), null)));

        Assert.Equal(1, _cache.RemovalsOf(cacheKey));
    }

    private async Task<string> SaveNewSessionAsync()
    {
        var session = new DjangoSession(_engine, _settings, _time, null);
        await session.LoadAsync();
        session["user_id"] = 7;
        await session.SaveAsync();
        return session.SessionKey!;
    }
}
