using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace BlazorSessionDemo.Tests.MultiNode;

/// <summary>
/// Two app nodes started together on one new SQLite file (processes on one machine; here two hosts in this process,
/// each with its own pools and logs): the schema is migrated once, the demo accounts are seeded once, neither logs an
/// error, and what one node protects with the shared key ring the other reads. PostgreSqlTwoNodeStartTests is the
/// same on PostgreSQL.
/// </summary>
public sealed class SqliteTwoNodeStartTests
{
    [Fact]
    public async Task TwoNodesStartedTogether_OnOneNewFile_SeedTheDemoAccountsOnce_WithoutErrorLines()
    {
        using var logsA = new CapturingLoggerProvider();
        using var logsB = new CapturingLoggerProvider();
        await using var nodeA = new AppFactory(new() { ["Session:MultipleNodes"] = "true" }, s => s.AddLogging(l => l.AddProvider(logsA)));
        await using var nodeB = new AppFactory(new()
        {
            ["Session:MultipleNodes"] = "true",
            ["ConnectionStrings:Default"] = nodeA.Database.ConnectionString,
            ["DataProtection:KeysFolder"] = Path.Combine(nodeA.Database.Folder, "dataprotection-keys"),
        }, s => s.AddLogging(l => l.AddProvider(logsB)));

        await Task.WhenAll(Task.Run(() => nodeA.Server), Task.Run(() => nodeB.Server));

        await using var db = new SqliteConnection(nodeA.Database.ConnectionString);
        await db.OpenAsync();
        await using var users = db.CreateCommand();
        users.CommandText = "SELECT count(*) FROM auth_user";
        Assert.Equal(3L, await users.ExecuteScalarAsync());
        var errors = logsA.Entries.Concat(logsB.Entries).Where(e => e.Level >= LogLevel.Error).Select(e => $"{e.Category}: {e.Message}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        var fromA = nodeA.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("from node A");
        Assert.Equal("from node A", nodeB.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(fromA));
    }
}
