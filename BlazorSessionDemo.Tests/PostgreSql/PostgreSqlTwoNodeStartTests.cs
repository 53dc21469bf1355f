using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;

namespace BlazorSessionDemo.Tests.PostgreSql;

/// <summary>
/// Two app nodes started together on one empty PostgreSQL database (in one test process, each its own host, pools and
/// logs): the schema is migrated once, the demo accounts are seeded once, neither logs an error (no unique violation
/// from both inserting "alice"), and they share one data protection key in the database, so what one protects (forms'
/// antiforgery tokens, circuit state) the other reads.
/// </summary>
public sealed class PostgreSqlTwoNodeStartTests(PostgresTestDatabase database) : IClassFixture<PostgresTestDatabase>
{
    [Fact]
    public async Task TwoNodesStartedTogether_SeedTheDemoAccountsOnce_WithoutErrorLines()
    {
        using var logsA = new CapturingLoggerProvider();
        using var logsB = new CapturingLoggerProvider();
        await using var nodeA = Node(logsA, "node-a");
        await using var nodeB = Node(logsB, "node-b");

        await Task.WhenAll(Task.Run(() => nodeA.Server), Task.Run(() => nodeB.Server));

        Assert.Equal(3L, await database.ScalarAsync("SELECT count(*) FROM auth_user"));
        // Each of the app's PostgreSQL migrations applied once (whatever their number as migrations are added).
        await using var schema = BlazorSessionDemo.Data.PostgreSqlAppDbContext.Create(database.ConnectionString);
        Assert.Equal((long)schema.Database.GetMigrations().Count(), await database.ScalarAsync("SELECT count(*) FROM \"__EFMigrationsHistory\""));
        var errors = logsA.Entries.Concat(logsB.Entries).Where(e => e.Level >= LogLevel.Error).Select(e => $"{e.Category}: {e.Message}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        Assert.Equal(1L, await database.ScalarAsync("SELECT count(*) FROM data_protection_keys"));
        var fromA = nodeA.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("from node A");
        Assert.Equal("from node A", nodeB.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(fromA));
    }

    private AppFactory Node(CapturingLoggerProvider logs, string name) => new(
        new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSQL",
            ["ConnectionStrings:Default"] = database.ConnectionString + ";Application Name=" + name,
        },
        services => services.AddLogging(l => l.AddProvider(logs)));
}
