using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace BlazorSessionDemo.Tests.Contract;

/// <summary>
/// The contract against <c>db</c> (Django's <c>DatabaseSessionTests</c>): a real SQLite file per test instance,
/// the test-only <see cref="FrameworkDbContext"/> (EnsureCreated, no app migrations), and Django's <c>django_session</c> table.
/// </summary>
public sealed class DbSessionEngineContractTests : ServerSideSessionEngineContractTests
{
    private readonly ContractSqliteFile _file = new("session-contract");


    protected override async Task InitializeStoreAsync()
    {
        await _file.CreateTablesAsync();
    }

    protected override ISessionEngine CreateEngine(SessionDataCodec codec) =>
        new DbSessionEngine<FrameworkDbContext>(_file.Contexts, codec, Time, Options.Create(Settings));

    protected override async Task<int> CountStoredSessionsAsync()
    {
        await using var db = await _file.Contexts.CreateDbContextAsync();
        return await db.DjangoSessions.CountAsync();
    }

    protected override async Task<string> TamperStoredDataAsync(string sessionKey)
    {
        await using var db = await _file.Contexts.CreateDbContextAsync();
        var row = await db.DjangoSessions.SingleAsync(s => s.SessionKey == sessionKey);
        // One character of the signed payload (index 1 is base64 whether or not the zlib '.' prefix is there).
        var data = row.SessionData.ToCharArray();
        data[1] = data[1] == 'A' ? 'B' : 'A';
        row.SessionData = new string(data);
        Assert.Equal(1, await db.SaveChangesAsync());
        return sessionKey;
    }

    protected override void Dispose(bool disposing)
    {
        _file.Dispose();
        base.Dispose(disposing);
    }
}
