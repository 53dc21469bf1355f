using BlazorSessionDemo.Data;
using DjangoSessions.EntityFrameworkCore.PostgreSQL;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace BlazorSessionDemo.Tests.Support;

/// <summary>
/// A fresh database of its own on the throwaway PostgreSQL server <c>./test.sh</c> starts
/// (<c>POSTGRES_TEST_CONNECTION</c>, a connection string to its maintenance database): created with a unique name,
/// dropped on dispose, so no two test classes ever see each other's rows. Use it as a class fixture. Without the
/// variable the test fails with how to get a server, never skips.
/// </summary>
public sealed class PostgresTestDatabase : IAsyncLifetime
{
    public const string Variable = "POSTGRES_TEST_CONNECTION";

    public string Name { get; } = "bsd_" + Guid.NewGuid().ToString("N");

    /// <summary>The new database's connection string.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>The server's address for a Django peer (<c>postgresql://user@host:port/name</c>, no password: trust on loopback).</summary>
    public string DjangoUrl { get; private set; } = "";

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set: these tests need a PostgreSQL server. ./test.sh starts a throwaway one " +
                "(Debian's postgresql: initdb into a temp folder, a free loopback port) and sets it.");

    public async Task InitializeAsync()
    {
        SessionDbDialect.Register(new PostgreSqlSessionDbDialect());
        var server = new NpgsqlConnectionStringBuilder(ServerConnectionString);
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{Name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        server.Database = Name;
        ConnectionString = server.ConnectionString;
        DjangoUrl = $"postgresql://{server.Username}@{server.Host}:{server.Port}/{Name}";
    }

    /// <summary>A pooled factory of the test-only framework context on this database, tables from the model.</summary>
    public async Task<PooledDbContextFactory<FrameworkDbContext>> CreateFrameworkTablesAsync()
    {
        var contexts = new PooledDbContextFactory<FrameworkDbContext>(
            new DbContextOptionsBuilder<FrameworkDbContext>().UseNpgsql(ConnectionString).Options);
        await using var db = await contexts.CreateDbContextAsync();
        await db.Database.EnsureCreatedAsync();
        return contexts;
    }

    /// <summary>The app's context on this database, migrated by the app's own PostgreSQL migrations.</summary>
    public async Task<PooledDbContextFactory<AppDbContext>> MigrateAppTablesAsync()
    {
        await using (var migrations = PostgreSqlAppDbContext.Create(ConnectionString))
        {
            await migrations.Database.MigrateAsync();
        }
        return new PooledDbContextFactory<AppDbContext>(new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(ConnectionString).Options);
    }

    /// <summary>Runs SQL on this database (set-ups and assertions of the tests).</summary>
    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    public async Task DisposeAsync()
    {
        if (ConnectionString.Length == 0)
        {
            return;
        }
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        // FORCE: pooled connections of the tests (and a Django peer that died mid-way) must not keep it alive.
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
