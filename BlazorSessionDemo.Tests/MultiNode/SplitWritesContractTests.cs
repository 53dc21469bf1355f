using BlazorSessionDemo.Tests.Contract;
using BlazorSessionDemo.Tests.Engines.Redis;
using DjangoSessions.Signing;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorSessionDemo.Tests.MultiNode;

/// <summary>
/// Issue 14's lost updates: requests for one session split over two nodes, each node with its own engine instance,
/// connections and write locks over one shared store (as two processes have). The per-process locks can't see the
/// other node; compare-and-swap in the store keeps every key anyway. Same outcomes as on one node
/// (ServerSideSessionEngineContractTests.Concurrency): different keys all survive; the same key changed from the same
/// value is a 409 for all but one; a session ended on one node is never resurrected by the other.
/// </summary>
public abstract class SplitWritesContractTests : IAsyncLifetime
{
    private const string Secret = "split-writes-tests-only-secret-0123456789-abcdef";

    private readonly DjangoSessionSettings _settings = new() { Secrets = { SecretKey = Secret } };

    protected ISessionEngine NodeA { get; private set; } = null!;
    protected ISessionEngine NodeB { get; private set; } = null!;

    /// <summary>One engine per node over the same store; each call is a new node (new connection, new locks).</summary>
    protected abstract ISessionEngine CreateNode(SessionDataCodec codec);

    protected abstract Task InitializeStoreAsync();

    /// <summary>
    /// Where the tests read what was kept: node B. An engine whose nodes keep their own copies (cached_db's in-process
    /// cache) answers a fresh node, which reads the store itself.
    /// </summary>
    protected virtual ISessionEngine StoreOfRecord() => NodeB;

    public async Task InitializeAsync()
    {
        await InitializeStoreAsync();
        NodeA = CreateNode(Codec());
        NodeB = CreateNode(Codec());
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected static SessionDataCodec Codec() =>
        new(new DjangoSigner(Secret, [], SessionDataCodec.Salt, TimeProvider.System), NullLoggerFactory.Instance);

    private async Task<DjangoSession> LoadAsync(ISessionEngine node, string? key)
    {
        var session = new DjangoSession(node, _settings, TimeProvider.System, key);
        await session.LoadAsync();
        return session;
    }

    private ISessionEngine NodeFor(int i) => i % 2 == 0 ? NodeA : NodeB;

    [Fact]
    public async Task Save_50RequestsSplitOverTwoNodes_EachSettingItsOwnKey_KeepAll50_InEveryOf5Rounds()
    {
        for (var round = 0; round < 5; round++)
        {
            var created = await LoadAsync(NodeA, null);
            created["base"] = round;
            await created.SaveAsync();
            var key = created.SessionKey!;
            // Every request loads before any saves: each save starts from the same, soon stale, data.
            var requests = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => LoadAsync(NodeFor(i), key)));

            await Task.WhenAll(requests.Select((session, i) => Task.Run(async () =>
            {
                session[$"k{i}"] = i;
                await session.SaveAsync();
            })));

            var stored = await LoadAsync(StoreOfRecord(), key);
            Assert.Equal(51, stored.Count);
            Assert.All(Enumerable.Range(0, 50), i => Assert.Equal(i, stored.Get<int>($"k{i}")));
        }
    }

    [Fact]
    public async Task Save_100IncrementsSplitOverTwoNodes_CounterEqualsTheSavesThatSucceeded()
    {
        var created = await LoadAsync(NodeA, null);
        created["n"] = 0;
        created["other"] = "kept";
        await created.SaveAsync();
        var key = created.SessionKey!;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(async () =>
        {
            var session = await LoadAsync(NodeFor(i), key);
            session["n"] = session.Get<int>("n") + 1;
            try
            {
                await session.SaveAsync();
                return true;
            }
            catch (SessionConflictException ex)
            {
                Assert.Equal("n", ex.Key);
                return false;
            }
        })));

        var stored = await LoadAsync(StoreOfRecord(), key);
        var succeeded = outcomes.Count(ok => ok);
        Assert.InRange(succeeded, 1, 100);
        Assert.Equal(succeeded, stored.Get<int>("n"));
        Assert.Equal("kept", stored.Get<string>("other"));
    }

    [Fact]
    public async Task Save_SameKeyFromTheSameValueOnBothNodes_TheSecondIsAConflict_AndStoresNothingOfIt()
    {
        var created = await LoadAsync(NodeA, null);
        created["cart"] = "empty";
        await created.SaveAsync();
        var onA = await LoadAsync(NodeA, created.SessionKey);
        var onB = await LoadAsync(NodeB, created.SessionKey);

        onA["cart"] = "book";
        await onA.SaveAsync();
        onB["cart"] = "lamp";
        onB["note"] = "from B";

        var conflict = await Assert.ThrowsAsync<SessionConflictException>(() => onB.SaveAsync());
        Assert.Equal("cart", conflict.Key);
        var stored = await LoadAsync(StoreOfRecord(), created.SessionKey);
        Assert.Equal("book", stored.Get<string>("cart"));
        Assert.False(stored.ContainsKey("note"));
    }

    [Fact]
    public async Task Save_OfASessionLoggedOutOnTheOtherNode_IsAnUpdateError_AndNothingIsResurrected()
    {
        var created = await LoadAsync(NodeA, null);
        created["user_id"] = 1;
        await created.SaveAsync();
        var onB = await LoadAsync(NodeB, created.SessionKey);

        await (await LoadAsync(NodeA, created.SessionKey)).FlushAsync();
        onB["theme"] = "dark";

        await Assert.ThrowsAsync<SessionUpdateException>(() => onB.SaveAsync());
        Assert.False(await StoreOfRecord().ExistsAsync(created.SessionKey!));
    }
}

/// <summary>The redis engine: two connections (two nodes) to one redis-server.</summary>
public sealed class RedisSplitWritesTests(RedisServerFixture redis) : RedisStoreSplitWrites(redis), IClassFixture<RedisServerFixture>;

/// <summary>The redis engine on a 3-primary Redis Cluster: the compare-and-swap script runs on the key's own primary.</summary>
public sealed class RedisClusterSplitWritesTests(RedisClusterFixture cluster) : RedisStoreSplitWrites(cluster), IClassFixture<RedisClusterFixture>;

/// <summary>Two engines (two nodes), each with its own connection, over one Redis store.</summary>
public abstract class RedisStoreSplitWrites(IRedisTestStore redis) : SplitWritesContractTests
{
    private readonly string _prefix = $"split-{Guid.NewGuid():N}";
    private readonly List<RedisSessionConnection> _connections = [];

    protected override Task InitializeStoreAsync() => Task.CompletedTask;

    protected override ISessionEngine CreateNode(SessionDataCodec codec)
    {
        var settings = new RedisSessionSettings();
        redis.Configure(settings, _prefix);
        var connection = new RedisSessionConnection(Options.Create(settings));
        _connections.Add(connection);
        return new RedisSessionEngine(connection, new RedisNearCache(connection, Options.Create(settings), TimeProvider.System), codec, TimeProvider.System, Options.Create(settings));
    }

    public override async Task DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
        redis.DeleteKeys(_prefix);
    }
}

/// <summary>The db engine: two context factories (two nodes) over one SQLite file, as processes on one machine.</summary>
public sealed class DbSplitWritesTests : SplitWritesContractTests
{
    private readonly ContractSqliteFile _file = new("split-writes");
    private readonly DjangoSessionSettings _settings = new();

    protected override Task InitializeStoreAsync() => _file.CreateTablesAsync();

    protected override ISessionEngine CreateNode(SessionDataCodec codec) =>
        new DbSessionEngine<FrameworkDbContext>(_file.NewContexts(), codec, TimeProvider.System, Options.Create(_settings));

    public override Task DisposeAsync()
    {
        _file.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>The db engine on PostgreSQL: two context factories (two nodes) over one database of this class's own.</summary>
public sealed class PostgreSqlSplitWritesTests(PostgresTestDatabase database) : SplitWritesContractTests, IClassFixture<PostgresTestDatabase>
{
    private readonly Queue<Microsoft.EntityFrameworkCore.Infrastructure.PooledDbContextFactory<FrameworkDbContext>> _nodes = new();
    private readonly DjangoSessionSettings _settings = new();

    protected override async Task InitializeStoreAsync()
    {
        _nodes.Enqueue(await database.CreateFrameworkTablesAsync());
        _nodes.Enqueue(await database.CreateFrameworkTablesAsync());
        await database.ScalarAsync("TRUNCATE django_session");
    }

    protected override ISessionEngine CreateNode(SessionDataCodec codec) =>
        new DbSessionEngine<FrameworkDbContext>(_nodes.Dequeue(), codec, TimeProvider.System, Options.Create(_settings));
}
