using DjangoSessions.Signing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace BlazorSessionDemo.Tests.PostgreSql;

/// <summary>
/// clearsessions on PostgreSQL: expired rows go in batches of <c>CleanupBatchSize</c> whose rows are taken with
/// <c>FOR UPDATE SKIP LOCKED</c>, so two cleanups at once (two nodes, or the timer and the CLI) share the rows instead
/// of waiting for each other, and each row is deleted (and counted) once.
/// </summary>
public sealed class PostgreSqlCleanupTests(PostgresTestDatabase database) : IClassFixture<PostgresTestDatabase>, IAsyncLifetime
{
    private const int Expired = 20_000;
    private const int Live = 50;

    public async Task InitializeAsync()
    {
        await database.CreateFrameworkTablesAsync();
        await database.ScalarAsync("TRUNCATE django_session");
        await database.ScalarAsync(
            $"INSERT INTO django_session SELECT 'x' || lpad(i::text, 31, '0'), 'e30:1xVpLi:unused', now() - interval '1 hour' - i * interval '1 second' " +
            $"FROM generate_series(1, {Expired}) AS i");
        await database.ScalarAsync(
            $"INSERT INTO django_session SELECT 'l' || lpad(i::text, 31, '0'), 'e30:1xVpLi:unused', now() + interval '1 day' " +
            $"FROM generate_series(1, {Live}) AS i");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task TwoCleanupsAtOnce_EachExpiredRowDeletedOnce_TotalEqualsTheCount_NeitherFails()
    {
        // Two nodes: each its own connection pool and engine.
        var nodeA = Engine(database.ConnectionString + ";Application Name=node-a");
        var nodeB = Engine(database.ConnectionString + ";Application Name=node-b");

        var counts = await Task.WhenAll(Task.Run(() => nodeA.ClearExpiredAsync()), Task.Run(() => nodeB.ClearExpiredAsync()));

        Assert.Equal(Expired, counts[0] + counts[1]);
        Assert.Equal(0L, await database.ScalarAsync("SELECT count(*) FROM django_session WHERE expire_date < now()"));
        Assert.Equal((long)Live, await database.ScalarAsync("SELECT count(*) FROM django_session"));
    }

    [Fact]
    public async Task RowsLockedByAnotherCleanup_AreSkippedNotWaitedFor_AndTakenByTheNextRun()
    {
        // Another cleanup's batch, still in its transaction: 100 expired rows locked.
        await using var other = new NpgsqlConnection(database.ConnectionString);
        await other.OpenAsync();
        await using var transaction = await other.BeginTransactionAsync();
        await using (var lockRows = new NpgsqlCommand(
            "SELECT session_key FROM django_session WHERE expire_date < now() ORDER BY session_key LIMIT 100 FOR UPDATE", other, transaction))
        {
            await lockRows.ExecuteNonQueryAsync();
        }
        // A cleanup that waited for a lock would fail here (lock_timeout), not hang the suite.
        var engine = Engine(database.ConnectionString + ";Options=-c lock_timeout=5000");

        Assert.Equal(Expired - 100, await engine.ClearExpiredAsync());

        await transaction.RollbackAsync();
        Assert.Equal(100, await engine.ClearExpiredAsync());
        Assert.Equal((long)Live, await database.ScalarAsync("SELECT count(*) FROM django_session"));
    }

    private static DbSessionEngine<FrameworkDbContext> Engine(string connectionString)
    {
        var settings = new DjangoSessionSettings();
        settings.Cleanup.CleanupBatchSize = 500;
        var contexts = new PooledDbContextFactory<FrameworkDbContext>(
            new DbContextOptionsBuilder<FrameworkDbContext>().UseNpgsql(connectionString).Options);
        var time = TimeProvider.System;
        var codec = new SessionDataCodec(new DjangoSigner(SessionTestHost.Secret, [], SessionDataCodec.Salt, time), NullLoggerFactory.Instance);
        return new DbSessionEngine<FrameworkDbContext>(contexts, codec, time, Options.Create(settings));
    }
}
