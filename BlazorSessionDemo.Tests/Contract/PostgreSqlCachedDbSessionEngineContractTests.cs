using BlazorSessionDemo.Tests.Engines.Cache;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;

namespace BlazorSessionDemo.Tests.Contract;

/// <summary>
/// The contract against <c>cached_db</c> on PostgreSQL (Django's <c>CacheDBSessionTests</c>): a database of this
/// class's own, emptied before each test, behind the real memory cache on the test's clock. The database is the store
/// of record, so it is what the counts read.
/// </summary>
public sealed class PostgreSqlCachedDbSessionEngineContractTests(PostgresTestDatabase database)
    : ServerSideSessionEngineContractTests, IClassFixture<PostgresTestDatabase>
{
    private PooledDbContextFactory<FrameworkDbContext>? _contexts;
    private IndexedMemoryCache? _cache;

    private PooledDbContextFactory<FrameworkDbContext> Contexts => _contexts ?? throw new InvalidOperationException("Not initialized.");

    private IndexedMemoryCache Cache => _cache ??= new IndexedMemoryCache(Time);

    protected override async Task InitializeStoreAsync()
    {
        _contexts = await database.CreateFrameworkTablesAsync();
        await database.ScalarAsync("TRUNCATE django_session, revoked_sessions, session_catalog");
    }

    protected override ISessionEngine CreateEngine(SessionDataCodec codec) =>
        new CachedDbSessionEngine<FrameworkDbContext>(
            Cache,
            new DbSessionEngine<FrameworkDbContext>(Contexts, codec, Time, Options.Create(Settings)),
            codec,
            Time,
            new LoggerFactory([Logs]).CreateLogger<CachedDbSessionEngine<FrameworkDbContext>>());

    protected override async Task<int> CountStoredSessionsAsync()
    {
        await using var db = await Contexts.CreateDbContextAsync();
        return await db.DjangoSessions.CountAsync();
    }

    /// <summary>Tampers with both copies, the row and the cache entry: either may be the one a load reads.</summary>
    protected override async Task<string> TamperStoredDataAsync(string sessionKey)
    {
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            var row = await db.DjangoSessions.SingleAsync(s => s.SessionKey == sessionKey);
            var data = row.SessionData.ToCharArray();
            data[1] = data[1] == 'A' ? 'B' : 'A';
            row.SessionData = new string(data);
            Assert.Equal(1, await db.SaveChangesAsync());
        }
        await Cache.TamperSessionDataAsync(CacheSessionEngine.CachedDbKeyPrefix + sessionKey);
        return sessionKey;
    }
}
