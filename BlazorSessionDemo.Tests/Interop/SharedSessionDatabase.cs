using BlazorSessionDemo.Data;
using DjangoSessions.Signing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorSessionDemo.Tests.Interop;

/// <summary>
/// A fresh SQLite file (or, given one, a PostgreSQL database) whose <c>django_session</c> table comes from this app's
/// EF Core migrations (Django never runs migrate on it), plus the app's db engine over it. One per test, deleted
/// afterwards (the PostgreSQL database is emptied per test and dropped by its class fixture).
/// </summary>
public sealed class SharedSessionDatabase(PostgresTestDatabase? postgres = null) : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bsd-interop-" + Guid.NewGuid().ToString("N"));
    private IDbContextFactory<AppDbContext>? _contexts;

    public string FilePath => Path.Combine(_folder, "shared.sqlite3");

    /// <summary>What the Django peer is given: the SQLite file, or <c>postgresql://user@host:port/name</c>.</summary>
    public string DjangoDatabase => postgres?.DjangoUrl ?? FilePath;

    public DjangoSessionSettings Settings { get; } = new();

    public async Task InitializeAsync()
    {
        if (postgres is not null)
        {
            _contexts = await postgres.MigrateAppTablesAsync();
            await postgres.ScalarAsync("TRUNCATE django_session");
            return;
        }
        Directory.CreateDirectory(_folder);
        // No pooling: Python opens the same file between our calls, and the folder must be deletable at the end.
        var connection = new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = false }.ToString();
        _contexts = new PooledDbContextFactory<AppDbContext>(
            new DbContextOptionsBuilder<AppDbContext>().UseSqlite(connection).Options);
        await using var db = await _contexts.CreateDbContextAsync();
        await db.Database.MigrateAsync();
    }

    /// <summary>The app's db engine signing with <paramref name="secret"/> and reading the clock from <paramref name="time"/>.</summary>
    internal DbSessionEngine<AppDbContext> CreateEngine(string secret, TimeProvider time, ILoggerFactory? loggers = null)
    {
        var signer = new DjangoSigner(secret, [], SessionDataCodec.Salt, time);
        var codec = new SessionDataCodec(signer, loggers ?? NullLoggerFactory.Instance);
        return new DbSessionEngine<AppDbContext>(
            _contexts ?? throw new InvalidOperationException("InitializeAsync has not run."), codec, time, Options.Create(Settings));
    }

    /// <summary>A request's session on that engine, as the middleware would build it.</summary>
    public DjangoSession CreateSession(string secret, TimeProvider time, string? sessionKey = null, ILoggerFactory? loggers = null) =>
        new(CreateEngine(secret, time, loggers), Settings, time, sessionKey);

    public Task DisposeAsync()
    {
        if (postgres is not null)
        {
            return Task.CompletedTask;
        }
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}
