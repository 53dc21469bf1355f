using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace BlazorSessionDemo.Tests.Contract;

/// <summary>
/// The contract against <c>db</c> on PostgreSQL (Django's <c>DatabaseSessionTests</c> on the postgresql backend): a
/// database of this class's own on the test server, the framework's tables from the model (timestamptz dates), emptied
/// before each test.
/// </summary>
public sealed class PostgreSqlDbSessionEngineContractTests(PostgresTestDatabase database)
    : ServerSideSessionEngineContractTests, IClassFixture<PostgresTestDatabase>
{
    private PooledDbContextFactory<FrameworkDbContext>? _contexts;

    private PooledDbContextFactory<FrameworkDbContext> Contexts => _contexts ?? throw new InvalidOperationException("Not initialized.");

    protected override async Task InitializeStoreAsync()
    {
        _contexts = await database.CreateFrameworkTablesAsync();
        await database.ScalarAsync("TRUNCATE django_session, revoked_sessions, session_catalog");
    }

    protected override ISessionEngine CreateEngine(SessionDataCodec codec) =>
        new DbSessionEngine<FrameworkDbContext>(Contexts, codec, Time, Options.Create(Settings));

    protected override async Task<int> CountStoredSessionsAsync()
    {
        await using var db = await Contexts.CreateDbContextAsync();
        return await db.DjangoSessions.CountAsync();
    }

    protected override async Task<string> TamperStoredDataAsync(string sessionKey)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        var row = await db.DjangoSessions.SingleAsync(s => s.SessionKey == sessionKey);
        // One character of the signed payload (index 1 is base64 whether or not the zlib '.' prefix is there).
        var data = row.SessionData.ToCharArray();
        data[1] = data[1] == 'A' ? 'B' : 'A';
        row.SessionData = new string(data);
        Assert.Equal(1, await db.SaveChangesAsync());
        return sessionKey;
    }
}
