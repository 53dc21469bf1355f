using Microsoft.EntityFrameworkCore;

namespace BlazorSessionDemo.Tests.AdminSessions;

/// <summary>
/// Every <see cref="SessionCatalogTests"/> test on PostgreSQL: the EF catalog over a database of this class's own
/// (timestamptz dates, identity ids, SQLSTATE 23505 for the racing insert), emptied before each test.
/// </summary>
public sealed class PostgreSqlSessionCatalogTests(PostgresTestDatabase database)
    : SessionCatalogTests(new CatalogTestBed(Empty(database))), IClassFixture<PostgresTestDatabase>
{
    internal static IDbContextFactory<FrameworkDbContext> Empty(PostgresTestDatabase database)
    {
        // xunit builds the fixture before the class; the tables are made and emptied once per test.
        var contexts = database.CreateFrameworkTablesAsync().GetAwaiter().GetResult();
        database.ScalarAsync("TRUNCATE session_catalog RESTART IDENTITY").GetAwaiter().GetResult();
        return contexts;
    }
}
