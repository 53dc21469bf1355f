using BlazorSessionDemo.Tests.Engines.Redis;
using DjangoSessions.Lifecycle;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BlazorSessionDemo.Tests.MultiNode;

/// <summary>
/// Issue 14: "200k expired rows with cleanup on both nodes: each row deleted once, by the leader". Two app hosts on one
/// shared database and one clock, each with its own pools, logs and cleanup lease object: the node holding the lease
/// deletes every expired row, the other stands aside; a leader that dies (never releases) is replaced once its lease
/// runs out. On the db engine, so the lease is the <c>django_session_lease</c> row.
/// </summary>
public abstract class CleanupAcrossNodesTests : IAsyncLifetime
{
    protected const int ExpiredRows = 200_000;
    protected const int LiveRows = 50;

    private readonly CapturingLoggerProvider _logsA = new();
    private readonly CapturingLoggerProvider _logsB = new();

    protected FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    protected AppFactory A { get; private set; } = null!;

    protected AppFactory B { get; private set; } = null!;

    /// <summary>The shared database's settings for both nodes (the first node's own SQLite file unless overridden).</summary>
    protected abstract Dictionary<string, string?> SharedDatabase(AppFactory first);

    protected abstract Task InsertRowsAsync(int expired, int live);

    protected abstract Task<long> CountRowsAsync();

    protected abstract Task<string?> LeaseHolderAsync();

    protected abstract Task ClearAsync();

    public async Task InitializeAsync()
    {
        A = Node(_logsA, null);
        B = Node(_logsB, SharedDatabase(A));
        _ = A.Services;
        _ = B.Services;
        await ClearAsync();
    }

    public async Task DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
        _logsA.Dispose();
        _logsB.Dispose();
    }

    protected virtual Dictionary<string, string?> NodeSettings() => new()
    {
        ["Session:Engine"] = "db",
        // Timers tick only when a test moves the clock by an hour; the leases it lets run out are shorter.
        ["Session:CleanupInterval"] = "01:00:00",
        ["Session:CleanupLeaseLength"] = "00:05:00",
    };

    private AppFactory Node(CapturingLoggerProvider logs, Dictionary<string, string?>? shared)
    {
        var settings = NodeSettings();
        foreach (var (key, value) in shared ?? [])
        {
            settings[key] = value;
        }
        if (shared is not null)
        {
            settings["Demo:SeedUsers"] = "false";
        }
        return new AppFactory(settings, services => services.AddSingleton<TimeProvider>(Time).AddLogging(l => l.AddProvider(logs)));
    }

    private static LeasedSessionCleanup Cleanup(AppFactory node) => node.Services.GetRequiredService<LeasedSessionCleanup>();

    private static List<CapturedLog> Ran(CapturingLoggerProvider logs) => [.. logs.Entries.Where(e => e.EventId.Id == 1601)];

    [Fact]
    public async Task TwoNodesCleaningAtOnce_TheLeaderDeletesEachExpiredRowOnce_TheOtherStandsAside()
    {
        await InsertRowsAsync(ExpiredRows, LiveRows);

        var runs = await Task.WhenAll(Task.Run(() => Cleanup(A).RunOnceAsync(default)), Task.Run(() => Cleanup(B).RunOnceAsync(default)));

        var leader = Assert.Single(runs, r => r.Outcome == SessionCleanupOutcome.Ran);
        var other = Assert.Single(runs, r => r.Outcome == SessionCleanupOutcome.NotLeader);
        Assert.Equal(ExpiredRows, leader.Removed);
        Assert.Equal(0, other.Removed);
        Assert.NotEqual(leader.Holder, other.Holder);
        Assert.Equal(LiveRows, await CountRowsAsync());
        Assert.Equal(leader.Holder, await LeaseHolderAsync());
        // Each node's log says who ran: the leader names itself and the count; the other has no such line.
        var (leaderLogs, otherLogs) = leader.Holder == Cleanup(A).Holder ? (_logsA, _logsB) : (_logsB, _logsA);
        Assert.Contains($"Cleanup lease held by {leader.Holder}: removed {ExpiredRows} expired sessions", Assert.Single(Ran(leaderLogs)).Message);
        Assert.Empty(Ran(otherLogs));
    }

    [Fact]
    public async Task TheTimedCleanupOnBothNodes_RunsOnTheLeaderOnly_AndDeletesEachRowOnce()
    {
        // A tenth of the 200k: the size is proven above, the timers here.
        const int expired = ExpiredRows / 10;
        await InsertRowsAsync(expired, LiveRows);

        // Session:CleanupInterval is an hour on both nodes: one tick of the shared clock fires both timers.
        Time.Advance(TimeSpan.FromHours(1));

        await Eventually.WaitUntilAsync("the leader's cleanup line", () => Task.FromResult(Ran(_logsA).Count + Ran(_logsB).Count > 0));
        var line = Assert.Single(Ran(_logsA).Concat(Ran(_logsB)));
        Assert.Contains($"removed {expired} expired sessions", line.Message);
        Assert.Equal(LiveRows, await CountRowsAsync());
        var holder = await LeaseHolderAsync();
        Assert.True(holder == Cleanup(A).Holder || holder == Cleanup(B).Holder, holder);
        Assert.Contains(holder!, line.Message);
    }

    [Fact]
    public async Task ALeaderThatDies_IsReplacedOnceItsLeaseRunsOut_NotBefore()
    {
        Assert.Equal(SessionCleanupOutcome.Ran, (await Cleanup(A).RunOnceAsync(default)).Outcome);
        await InsertRowsAsync(10, 0);

        // A stops ticking without releasing (a crash): B waits out A's lease.
        Assert.Equal(SessionCleanupOutcome.NotLeader, (await Cleanup(B).RunOnceAsync(default)).Outcome);
        Assert.Equal(10, await CountRowsAsync());
        Time.Advance(Cleanup(A).LeaseLength - TimeSpan.FromSeconds(1));
        Assert.Equal(SessionCleanupOutcome.NotLeader, (await Cleanup(B).RunOnceAsync(default)).Outcome);
        Time.Advance(TimeSpan.FromSeconds(1));

        var takeover = await Cleanup(B).RunOnceAsync(default);

        Assert.Equal(SessionCleanupOutcome.Ran, takeover.Outcome);
        Assert.Equal(10, takeover.Removed);
        Assert.Equal(Cleanup(B).Holder, await LeaseHolderAsync());
        Assert.Equal(SessionCleanupOutcome.NotLeader, (await Cleanup(A).RunOnceAsync(default)).Outcome);
    }

    [Fact]
    public async Task ANodeShuttingDown_ReleasesTheLease_SoTheOtherTakesOverAtOnce()
    {
        Assert.Equal(SessionCleanupOutcome.Ran, (await Cleanup(B).RunOnceAsync(default)).Outcome);
        Assert.Equal(SessionCleanupOutcome.NotLeader, (await Cleanup(A).RunOnceAsync(default)).Outcome);

        // B stops: its hosted cleanup service (running, as Session:CleanupInterval is set) gives the lease up.
        B.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        await Eventually.WaitUntilAsync("B releases the lease", async () => await LeaseHolderAsync() is null);

        Assert.Equal(SessionCleanupOutcome.Ran, (await Cleanup(A).RunOnceAsync(default)).Outcome);
    }
}

/// <summary>Both nodes on one SQLite file (processes on one machine).</summary>
public sealed class SqliteCleanupAcrossNodesTests : CleanupAcrossNodesTests
{
    protected override Dictionary<string, string?> SharedDatabase(AppFactory first) => new()
    {
        ["ConnectionStrings:Default"] = first.Database.ConnectionString,
        ["DataProtection:KeysFolder"] = Path.Combine(first.Database.Folder, "dataprotection-keys"),
    };

    protected override async Task InsertRowsAsync(int expired, int live)
    {
        await using var connection = new SqliteConnection(A.Database.ConnectionString);
        await connection.OpenAsync();
        var tag = Guid.NewGuid().ToString("N")[..6];
        await using var insert = connection.CreateCommand();
        // One statement each: 200k rows in well under a second.
        insert.CommandText = $"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {expired})
            INSERT INTO django_session SELECT printf('x{tag}%025d', i), 'e30:unused', '2000-01-01 00:00:00.000000' FROM n WHERE {expired} > 0;
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {live})
            INSERT INTO django_session SELECT printf('l{tag}%025d', i), 'e30:unused', '2999-01-01 00:00:00.000000' FROM n WHERE {live} > 0;
            """;
        await insert.ExecuteNonQueryAsync();
    }

    protected override async Task<long> CountRowsAsync() => await A.Database.CountSessionsAsync();

    protected override async Task<string?> LeaseHolderAsync()
    {
        await using var db = A.Database.CreateContext();
        return db.SessionLeases.SingleOrDefault()?.Holder;
    }

    protected override Task ClearAsync() => Task.CompletedTask;
}

/// <summary>Both nodes on one PostgreSQL database (the production layout).</summary>
public sealed class PostgreSqlCleanupAcrossNodesTests(PostgresTestDatabase database) : CleanupAcrossNodesTests, IClassFixture<PostgresTestDatabase>
{
    protected override Dictionary<string, string?> NodeSettings()
    {
        var settings = base.NodeSettings();
        settings["Database:Provider"] = "PostgreSQL";
        settings["ConnectionStrings:Default"] = database.ConnectionString;
        return settings;
    }

    protected override Dictionary<string, string?> SharedDatabase(AppFactory first) => [];

    protected override Task InsertRowsAsync(int expired, int live) => database.ScalarAsync(
        $"INSERT INTO django_session SELECT 'x' || md5(random()::text) || i, 'e30:unused', now() - interval '1 day' FROM generate_series(1, {expired}) AS i; " +
        $"INSERT INTO django_session SELECT 'l' || md5(random()::text) || i, 'e30:unused', now() + interval '1 day' FROM generate_series(1, {live}) AS i");

    protected override async Task<long> CountRowsAsync() => (long)(await database.ScalarAsync("SELECT count(*) FROM django_session"))!;

    protected override async Task<string?> LeaseHolderAsync() => (string?)await database.ScalarAsync("SELECT holder FROM django_session_lease");

    protected override Task ClearAsync() => database.ScalarAsync("DELETE FROM django_session; DELETE FROM django_session_lease");
}
