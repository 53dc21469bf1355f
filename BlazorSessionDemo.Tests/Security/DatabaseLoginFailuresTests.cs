using System.Net;
using BlazorSessionDemo.Auth;
using BlazorSessionDemo.Auth.Lockout;
using BlazorSessionDemo.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace BlazorSessionDemo.Tests.Security;

/// <summary>
/// The database's failed-login counts on their own, over a real SQLite file (issue 18's mutation run of
/// <c>Auth/Lockout</c>): the pruning in passing of other partitions' expired attempts, which the app's tests never see
/// (it runs on one attempt in 64, at random), and what an outage and a programming error become; and
/// <see cref="LoginThrottle"/> over it: the partitions' names every node must agree on, and the address's attempt
/// given back when the account refuses.
/// </summary>
public sealed class DatabaseLoginFailuresTests : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    private readonly TempSqliteDatabase _database = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task OtherPartitionsExpiredAttempts_ArePrunedInPassing_AndLiveOnesKept()
    {
        var store = StoreOn(_database.ConnectionString);
        await TakeAsync(store, "expired");
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await TakeAsync(store, "live");
        // "expired" is now exactly one window old (out, as in the take itself: attempted_at <= now - window), "live" one ms younger.
        _time.Advance(Window - TimeSpan.FromMilliseconds(1));

        // Pruning runs on one take in 64 at random: 1,000 takes leave it undone with a chance of (63/64)^1000, about 2e-7.
        for (var i = 0; i < 1000; i++)
        {
            await TakeAsync(store, $"other-{i}");
        }

        Assert.Equal(0, await CountAsync("expired"));
        Assert.Equal(1, await CountAsync("live"));
    }

    [Fact]
    public async Task ADatabaseThatCannotBeOpened_IsTheStoreUnavailable()
    {
        var missing = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_database.Folder, "no-such-folder", "app.db") };

        var error = await Assert.ThrowsAsync<SessionStoreUnavailableException>(
            () => StoreOn(missing.ToString()).TryTakeAsync("alice", 10, Window, CancellationToken.None));

        Assert.IsType<SqliteException>(error.InnerException);
    }

    [Fact]
    public async Task ADatabaseWithoutTheTable_IsAnError_NotAnOutage()
    {
        // A schema never migrated is a deployment mistake to see as itself, not a 503 that clears when the store "returns".
        var empty = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_database.Folder, "empty.db") };

        var error = await Assert.ThrowsAsync<SqliteException>(
            () => StoreOn(empty.ToString()).TryTakeAsync("alice", 10, Window, CancellationToken.None));

        Assert.Contains("login_failures", error.Message);
    }

    [Fact]
    public async Task TheThrottle_CountsAnAttemptUnderTheAccountAndTheAddress_NamedAsEveryNodeNamesThem()
    {
        var throttle = ThrottleOver(StoreOn(_database.ConnectionString), perAccount: 10, perAddress: 100);

        Assert.True((await throttle.BeginAsync("user:7", IPAddress.Parse("203.0.113.7"))).Admitted);
        Assert.True((await throttle.BeginAsync("mallory", null)).Admitted);

        // Nodes of one site share these rows: a node naming a partition differently would count apart.
        Assert.Equal(1, await CountAsync("account:user:7"));
        Assert.Equal(1, await CountAsync("address:203.0.113.7"));
        Assert.Equal(1, await CountAsync("account:mallory"));
        Assert.Equal(1, await CountAsync("address:(unknown)"));
    }

    [Fact]
    public async Task AnAttemptTheAccountRefuses_GivesTheAddressItsAttemptBack()
    {
        var address = IPAddress.Parse("203.0.113.7");
        var throttle = ThrottleOver(StoreOn(_database.ConnectionString), perAccount: 2, perAddress: 3);
        Assert.True((await throttle.BeginAsync("alice", address)).Admitted);
        Assert.True((await throttle.BeginAsync("alice", address)).Admitted);

        Assert.False((await throttle.BeginAsync("alice", address)).Admitted);

        Assert.Equal(2, await CountAsync("address:203.0.113.7"));
        Assert.True((await throttle.BeginAsync("bob", address)).Admitted);
        Assert.False((await throttle.BeginAsync("carol", address)).Admitted);
    }

    private LoginThrottle ThrottleOver(DatabaseLoginFailures store, int perAccount, int perAddress) =>
        new(Options.Create(new AuthSettings { Lockout = { MaxFailuresPerAccount = perAccount, MaxFailuresPerAddress = perAddress } }),
            _time, store);

    private DatabaseLoginFailures StoreOn(string connectionString) =>
        new(new ServiceCollection().AddDbContextFactory<AppDbContext>(o => o.UseSqlite(connectionString))
            .BuildServiceProvider().GetRequiredService<IDbContextFactory<AppDbContext>>(), _time);

    private static async Task TakeAsync(DatabaseLoginFailures store, string partition)
    {
        var (token, _) = await store.TryTakeAsync(partition, 10, Window, CancellationToken.None);
        Assert.NotNull(token);
    }

    private async Task<long> CountAsync(string partition)
    {
        var key = LoginPartitionKeys.HashOf(partition);
        await using var db = _database.CreateContext();
        return await db.Database.SqlQuery<long>($"SELECT COUNT(*) AS \"Value\" FROM login_failures WHERE partition_key = {key}").SingleAsync();
    }
}
