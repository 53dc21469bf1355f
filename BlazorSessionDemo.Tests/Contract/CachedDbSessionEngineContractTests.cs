using BlazorSessionDemo.Tests.Support;
using DjangoSessions;
using DjangoSessions.Engines;
using BlazorSessionDemo.Tests.Engines.Cache;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BlazorSessionDemo.Tests.Contract;

/// <summary>
/// The contract against <c>cached_db</c> (Django's <c>CacheDBSessionTests</c>): a real SQLite file per test instance
/// (the app's migrations, Django's <c>django_session</c> table) behind the real memory cache on the test's clock.
/// The database is the store of record, so it is what the counts read.
/// </summary>
public sealed class CachedDbSessionEngineContractTests : ServerSideSessionEngineContractTests
{
    private readonly string _databasePath =
        Path.Combine(Path.GetTempPath(), $"session-contract-cached-db-{Guid.NewGuid():N}.db");

    private readonly PooledDbContextFactory<FrameworkDbContext> _contexts;
    private readonly IndexedMemoryCache _cache;

    public CachedDbSessionEngineContractTests()
    {
        // No connection pooling: nothing keeps the file open once a test is done, so Dispose can delete it.
        var connectionString = new SqliteConnectionStringBuilder { DataSource = _databasePath, Pooling = false }.ToString();
        _contexts = new PooledDbContextFactory<FrameworkDbContext>(
            new DbContextOptionsBuilder<FrameworkDbContext>().UseSqlite(connectionString).Options);
        _cache = new IndexedMemoryCache(Time);
    }

    protected override async Task InitializeStoreAsync()
    {
        await using var db = await _contexts.CreateDbContextAsync();
        await db.Database.EnsureCreatedAsync();
    }

    protected override ISessionEngine CreateEngine(SessionDataCodec codec) =>
        new CachedDbSessionEngine<FrameworkDbContext>(
            _cache,
            new DbSessionEngine<FrameworkDbContext>(_contexts, codec, Time, Options.Create(Settings)),
            _contexts,
            codec,
            Time,
            new LoggerFactory([Logs]).CreateLogger<CachedDbSessionEngine<FrameworkDbContext>>());

    protected override async Task<int> CountStoredSessionsAsync()
    {
        await using var db = await _contexts.CreateDbContextAsync();
        return await db.DjangoSessions.CountAsync();
    }

    /// <summary>Tampers with both copies, the row and the cache entry: either may be the one a load reads.</summary>
    protected override async Task<string> TamperStoredDataAsync(string sessionKey)
    {
        await using (var db = await _contexts.CreateDbContextAsync())
        {
            var row = await db.DjangoSessions.SingleAsync(s => s.SessionKey == sessionKey);
            var data = row.SessionData.ToCharArray();
            data[1] = data[1] == 'A' ? 'B' : 'A';
            row.SessionData = new string(data);
            Assert.Equal(1, await db.SaveChangesAsync());
        }
        await _cache.TamperSessionDataAsync(CacheSessionEngine.CachedDbKeyPrefix + sessionKey);
        return sessionKey;
    }

    protected override void Dispose(bool disposing)
    {
        foreach (var path in new[] { _databasePath, _databasePath + "-wal", _databasePath + "-shm", _databasePath + "-journal" })
        {
            File.Delete(path);
        }
        base.Dispose(disposing);
    }
}
