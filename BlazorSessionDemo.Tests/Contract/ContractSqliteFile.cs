using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace BlazorSessionDemo.Tests.Contract;

/// <summary>
/// The SQLite file of one contract test instance (db, cached_db, signed_cookies' ledger) over the test-only
/// <see cref="FrameworkDbContext"/>. No connection pooling: nothing keeps the file open once a test is done, so
/// <see cref="Dispose"/> can delete it and its journal files.
/// </summary>
internal sealed class ContractSqliteFile : IDisposable
{
    private readonly string _path;

    public ContractSqliteFile(string name)
    {
        _path = Path.Combine(Path.GetTempPath(), $"{name}-{Guid.NewGuid():N}.db");
        Contexts = NewContexts();
    }

    public PooledDbContextFactory<FrameworkDbContext> Contexts { get; }

    /// <summary>Another factory over the same file: what a second process on this machine would have.</summary>
    public PooledDbContextFactory<FrameworkDbContext> NewContexts() =>
        FrameworkDbContext.Factory(new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false, DefaultTimeout = 30 }.ToString());

    /// <summary>The framework's tables, from the model (EnsureCreated).</summary>
    public async Task CreateTablesAsync()
    {
        await using var db = await Contexts.CreateDbContextAsync();
        await db.Database.EnsureCreatedAsync();
    }

    public void Dispose()
    {
        foreach (var path in new[] { _path, _path + "-wal", _path + "-shm", _path + "-journal" })
        {
            File.Delete(path);
        }
    }
}
