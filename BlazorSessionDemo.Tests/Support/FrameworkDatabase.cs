using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace BlazorSessionDemo.Tests.Support;

/// <summary>
/// A real SQLite file with only the framework's tables, created from <see cref="FrameworkDbContext"/>'s model
/// (EnsureCreated, not the app's migrations): what framework tests run on. Deleted on dispose.
/// </summary>
public sealed class FrameworkDatabase : TempSqliteFile<FrameworkDbContext>
{
    public FrameworkDatabase()
    {
        Contexts = FrameworkDbContext.Factory(ConnectionString);
        using var db = CreateContext();
        db.Database.EnsureCreated();
    }

    public PooledDbContextFactory<FrameworkDbContext> Contexts { get; }

    public override FrameworkDbContext CreateContext() => Contexts.CreateDbContext();
}
