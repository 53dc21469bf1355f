using BlazorSessionDemo.Data;
using Microsoft.EntityFrameworkCore;

namespace BlazorSessionDemo.Tests.Support;

/// <summary>A real SQLite file with this app's migrations applied (app tests: pages, auth, API), deleted on dispose.</summary>
public sealed class TempSqliteDatabase : TempSqliteFile<AppDbContext>
{
    public TempSqliteDatabase()
    {
        using var db = CreateContext();
        db.Database.Migrate();
    }

    public override AppDbContext CreateContext() =>
        new(new DbContextOptionsBuilder<AppDbContext>().UseSqlite(ConnectionString).Options);
}
