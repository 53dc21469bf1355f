using BlazorSessionDemo.Data;
using BlazorSessionDemo.Tests.Engines.Redis;
using DjangoSessions.Lifecycle;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace BlazorSessionDemo.Tests.MultiNode;

/// <summary>
/// The cleanup lease on every store it lives in, each node with its own lease object (its own pool or connection), as
/// two processes would have: one holder at a time, a claim race has one winner, the holder renews, a lease that ran
/// out is taken over and its old holder can then neither renew nor release it.
/// </summary>
public abstract class CleanupLeaseContractTests : IAsyncLifetime
{
    protected static readonly TimeSpan Length = TimeSpan.FromMinutes(1);

    protected FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A node's own lease over the shared store.</summary>
    protected abstract ISessionCleanupLease Node();

    /// <summary>Lets a lease of <see cref="Length"/> taken now run out.</summary>
    protected virtual Task LetTheLeaseRunOutAsync()
    {
        Time.Advance(Length);
        return Task.CompletedTask;
    }

    /// <summary>The lease the take-over test lets run out (a store on its own clock needs a short one).</summary>
    protected virtual TimeSpan ShortLength => Length;

    [Fact]
    public async Task WhileAHoldsTheLease_BCantTakeIt_AndARenewsIt()
    {
        var (a, b) = (Node(), Node());

        Assert.True(await a.TryAcquireAsync("node-a", Length, default));
        Assert.False(await b.TryAcquireAsync("node-b", Length, default));
        Assert.True(await a.TryAcquireAsync("node-a", Length, default));
        Assert.False(await b.TryAcquireAsync("node-b", Length, default));
    }

    [Fact]
    public async Task TwentyNodesClaimingAtOnce_ExactlyOneGetsIt()
    {
        var nodes = Enumerable.Range(0, 20).Select(_ => Node()).ToList();

        var won = await Task.WhenAll(nodes.Select((lease, i) => Task.Run(() => lease.TryAcquireAsync($"node-{i}", Length, default))));

        Assert.Equal(1, won.Count(w => w));
    }

    [Fact]
    public async Task ALeaseThatRanOut_IsTakenOver_AndItsOldHolderCanNeitherRenewNorReleaseIt()
    {
        var (a, b, c) = (Node(), Node(), Node());
        Assert.True(await a.TryAcquireAsync("node-a", ShortLength, default));

        await LetTheLeaseRunOutAsync();

        Assert.True(await b.TryAcquireAsync("node-b", Length, default));
        Assert.False(await a.TryAcquireAsync("node-a", Length, default));
        await a.ReleaseAsync("node-a", default);
        Assert.False(await c.TryAcquireAsync("node-c", Length, default));
    }

    [Fact]
    public async Task Release_FreesTheLeaseAtOnce_ButOnlyByItsHolder()
    {
        var (a, b) = (Node(), Node());
        Assert.True(await a.TryAcquireAsync("node-a", Length, default));

        await b.ReleaseAsync("node-b", default);
        Assert.False(await b.TryAcquireAsync("node-b", Length, default));

        await a.ReleaseAsync("node-a", default);
        Assert.True(await b.TryAcquireAsync("node-b", Length, default));
    }
}

/// <summary>One node's default: in this process's memory.</summary>
public sealed class InProcessCleanupLeaseTests : CleanupLeaseContractTests
{
    private InProcessSessionCleanupLease? _shared;

    // In-process means one object per process: the "nodes" here are cleanups in one process sharing it.
    protected override ISessionCleanupLease Node() => _shared ??= new InProcessSessionCleanupLease(Time);
}

/// <summary>A <c>django_session_lease</c> row in one SQLite file, each node its own connection pool.</summary>
public sealed class SqliteCleanupLeaseTests : CleanupLeaseContractTests
{
    private readonly TempSqliteDatabase _database = new();

    protected override ISessionCleanupLease Node() => new DbSessionCleanupLease<AppDbContext>(
        new PooledDbContextFactory<AppDbContext>(new DbContextOptionsBuilder<AppDbContext>().UseSqlite(_database.ConnectionString).Options), Time);

    public override Task DisposeAsync()
    {
        _database.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>A <c>django_session_lease</c> row in PostgreSQL (the app's migrations), each node its own pool.</summary>
public sealed class PostgreSqlCleanupLeaseTests(PostgresTestDatabase database) : CleanupLeaseContractTests, IClassFixture<PostgresTestDatabase>
{
    private static int s_migrated;

    public override async Task InitializeAsync()
    {
        if (Interlocked.Exchange(ref s_migrated, 1) == 0)
        {
            await database.MigrateAppTablesAsync();
        }
        await database.ScalarAsync("DELETE FROM django_session_lease");
    }

    protected override ISessionCleanupLease Node() => new DbSessionCleanupLease<AppDbContext>(
        new PooledDbContextFactory<AppDbContext>(new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(database.ConnectionString).Options), Time);
}

/// <summary>
/// A Redis lock (<c>SET NX PX</c>, compare-then-act scripts) on a real redis-server, each node its own connection.
/// Redis expires the key on its own clock, so these leases are short and the take-over waits (bounded) for Redis to
/// drop the key.
/// </summary>
public sealed class RedisCleanupLeaseTests(RedisServerFixture redis) : CleanupLeaseContractTests, IClassFixture<RedisServerFixture>
{
    private readonly string _prefix = $"lease-{Guid.NewGuid():N}";
    private readonly List<RedisSessionConnection> _connections = [];

    protected override TimeSpan ShortLength => TimeSpan.FromMilliseconds(300);

    protected override ISessionCleanupLease Node()
    {
        var settings = new RedisSessionSettings();
        redis.Configure(settings, _prefix);
        var connection = new RedisSessionConnection(Options.Create(settings));
        _connections.Add(connection);
        return new RedisSessionCleanupLease(connection, Options.Create(settings));
    }

    protected override Task LetTheLeaseRunOutAsync() =>
        Eventually.WaitUntilAsync("Redis drops the expired lease key", async () => (await redis.KeysAsync(_prefix)).Count == 0);

    [Fact]
    public async Task TheLockKey_ExpiresWithTheLease()
    {
        Assert.True(await Node().TryAcquireAsync("node-a", TimeSpan.FromMinutes(1), default));

        var ttl = await redis.Database.KeyTimeToLiveAsync($"{_prefix}:cleanup-lease");

        Assert.InRange(ttl!.Value, TimeSpan.FromSeconds(50), TimeSpan.FromMinutes(1));
        Assert.Equal("node-a", (string?)await redis.Database.StringGetAsync($"{_prefix}:cleanup-lease"));
    }

    public override async Task DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }
}
