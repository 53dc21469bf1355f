using System.Net.Sockets;
using DjangoSessions.EntityFrameworkCore.PostgreSQL;
using DjangoSessions.Signing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace BlazorSessionDemo.Tests.PostgreSql;

/// <summary>
/// What PostgreSQL's failures mean to the engines: a taken key is Django's CreateError; a server that refuses, goes
/// away or is read-only is "store unavailable" (the middleware's 503), never a crash. Real failures of a real server
/// where they can be made on demand (refused port, terminated backend, read-only database), SQLSTATEs for the rest.
/// </summary>
public sealed class PostgreSqlFaultTests(PostgresTestDatabase database) : IClassFixture<PostgresTestDatabase>, IAsyncLifetime
{
    private readonly PostgreSqlSessionDbDialect _dialect = new();

    public async Task InitializeAsync()
    {
        await database.CreateFrameworkTablesAsync();
        await database.ScalarAsync("TRUNCATE django_session");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("57P01")] // admin_shutdown
    [InlineData("57P02")] // crash_shutdown
    [InlineData("57P03")] // cannot_connect_now (starting up, recovery)
    [InlineData("25006")] // read_only_sql_transaction (a standby, default_transaction_read_only)
    [InlineData("53100")] // disk_full
    [InlineData("53200")] // out_of_memory
    [InlineData("53300")] // too_many_connections
    [InlineData("08006")] // connection_failure
    public void ServerGoneOrRefusingWork_IsUnavailable(string sqlState)
    {
        Assert.True(_dialect.IsUnavailable(new PostgresException("m", "FATAL", "FATAL", sqlState)));
        Assert.False(_dialect.IsDuplicateKey(new PostgresException("m", "FATAL", "FATAL", sqlState)));
    }

    [Theory]
    [InlineData("23505")] // unique_violation: a duplicate, not an outage
    [InlineData("42P01")] // undefined_table: a bug or a missing migration must surface
    [InlineData("40001")] // serialization_failure
    [InlineData("22001")] // string_data_right_truncation
    public void OtherErrors_AreNotUnavailable(string sqlState) =>
        Assert.False(_dialect.IsUnavailable(new PostgresException("m", "ERROR", "ERROR", sqlState)));

    [Fact]
    public void SocketAndTimeoutFailures_AreUnavailable()
    {
        Assert.True(_dialect.IsUnavailable(new NpgsqlException("refused", new SocketException((int)SocketError.ConnectionRefused))));
        Assert.True(_dialect.IsUnavailable(new NpgsqlException("timeout", new TimeoutException())));
        Assert.False(_dialect.IsUnavailable(new InvalidOperationException("a bug")));
    }

    [Fact]
    public async Task Create_WithTakenKey_IsCreateError_FromSqlState23505()
    {
        var engine = Engine(database.ConnectionString);
        var key = SessionKeys.Generate();
        await engine.SaveAsync(key, [], DateTimeOffset.UtcNow.AddHours(1), mustCreate: true);

        await Assert.ThrowsAsync<SessionCreateException>(() => engine.SaveAsync(key, [], DateTimeOffset.UtcNow.AddHours(1), mustCreate: true));
    }

    [Fact]
    public async Task ConnectionRefused_IsStoreUnavailable()
    {
        var refused = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Port = LoopbackPorts.Free(), Timeout = 5 };

        var error = await Assert.ThrowsAsync<SessionStoreUnavailableException>(() => Engine(refused.ConnectionString).LoadAsync(SessionKeys.Generate()));
        Assert.Equal("db", error.Engine);
    }

    [Fact]
    public async Task BackendTerminatedByTheAdministrator_WriteIsStoreUnavailable_ReadGoesOnOnANewConnection()
    {
        var engine = Engine(database.ConnectionString + ";Application Name=terminated-node");
        var key = SessionKeys.Generate();
        // The read's connection, which the engine keeps open, and (the save after it) one back in Npgsql's pool.
        await engine.SaveAsync(key, new() { ["a"] = 0 }, DateTimeOffset.UtcNow.AddHours(1), mustCreate: true);
        Assert.NotNull(await engine.LoadAsync(key));
        await engine.SaveAsync(key, new() { ["a"] = 1 }, DateTimeOffset.UtcNow.AddHours(1), mustCreate: false);

        await database.ScalarAsync("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'terminated-node'");

        // The write's pooled connection is dead: 57P01 (admin_shutdown) is the store unavailable, a 503.
        await Assert.ThrowsAsync<SessionStoreUnavailableException>(
            () => engine.SaveAsync(key, new() { ["a"] = 2 }, DateTimeOffset.UtcNow.AddHours(1), mustCreate: false));
        // The kept read connection is dead too: the read is tried again on a new one, so a server that is up answers.
        Assert.Equal(1, (await engine.LoadAsync(key))!["a"]!.GetValue<int>());
    }

    [Fact]
    public async Task ReadOnlyDatabase_WriteIsStoreUnavailable_ReadStillWorks()
    {
        var engine = Engine(database.ConnectionString + ";Application Name=read-only-node;Options=-c default_transaction_read_only=on");

        await Assert.ThrowsAsync<SessionStoreUnavailableException>(
            () => engine.SaveAsync(SessionKeys.Generate(), [], DateTimeOffset.UtcNow.AddHours(1), mustCreate: true));
        Assert.Null(await engine.LoadAsync(SessionKeys.Generate()));
    }

    private static DbSessionEngine<FrameworkDbContext> Engine(string connectionString)
    {
        var contexts = new PooledDbContextFactory<FrameworkDbContext>(
            new DbContextOptionsBuilder<FrameworkDbContext>().UseNpgsql(connectionString).Options);
        var time = TimeProvider.System;
        var codec = new SessionDataCodec(new DjangoSigner(SessionTestHost.Secret, [], SessionDataCodec.Salt, time), NullLoggerFactory.Instance);
        return new DbSessionEngine<FrameworkDbContext>(contexts, codec, time, Options.Create(new DjangoSessionSettings()));
    }
}
