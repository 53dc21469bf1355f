using BlazorSessionDemo.Tests.Engines.Cache;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;

namespace BlazorSessionDemo.Tests.Contract;

/// <summary>
/// The contract against <c>cached_db</c> (Django's <c>CacheDBSessionTests</c>): a real SQLite file per test instance
/// (the app's migrations, Django's <c>django_session</c> table) behind the real memory cache on the test's clock.
/// The database is the store of record, so it is what the counts read.
/// </summary>
public sealed class CachedDbSessionEngineContractTests : ServerSideSessionEngineContractTests
{
    private readonly ContractSqliteFile _file = new("session-contract-cached-db");
    private readonly IndexedMemoryCache _cache;

    public CachedDbSessionEngineContractTests()
    {
        _cache = new IndexedMemoryCache(Time);
    }

    protected override async Task InitializeStoreAsync()
    {
        await _file.CreateTablesAsync();
    }

    protected override ISessionEngine CreateEngine(SessionDataCodec codec) =>
        new CachedDbSessionEngine<FrameworkDbContext>(
            _cache,
            new DbSessionEngine<FrameworkDbContext>(_file.Contexts, codec, Time, Options.Create(Settings)),
            codec,
            Time,
            new LoggerFactory([Logs]).CreateLogger<CachedDbSessionEngine<FrameworkDbContext>>());

    protected override async Task<int> CountStoredSessionsAsync()
    {
        await using var db = await _file.Contexts.CreateDbContextAsync();
        return await db.DjangoSessions.CountAsync();
    }

    /// <summary>Tampers with both copies, the row and the cache entry: either may be the one a load reads.</summary>
    protected override async Task<string> TamperStoredDataAsync(string sessionKey)
    {
        await using (var db = await _file.Contexts.CreateDbContextAsync())
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
        _file.Dispose();
        base.Dispose(disposing);
    }
}
