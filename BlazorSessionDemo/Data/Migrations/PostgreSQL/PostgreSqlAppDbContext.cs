using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace BlazorSessionDemo.Data;

/// <summary>
/// <see cref="AppDbContext"/>'s model on PostgreSQL, as the owner of PostgreSQL's migrations (this folder). EF Core
/// matches migrations to a context by its type, so SQLite's and PostgreSQL's sets live side by side in one assembly
/// without either seeing the other; the app keeps using <see cref="AppDbContext"/> and only
/// <see cref="DatabaseInitializer"/> builds this one, to migrate. (EF Core's "one context type per provider" layout:
/// no second project, and the app, its CLI verbs and the tests still have one context type.)
/// </summary>
public sealed class PostgreSqlAppDbContext(DbContextOptions<PostgreSqlAppDbContext> options) : AppDbContext(options)
{
    public static PostgreSqlAppDbContext Create(string connectionString)
    {
        var options = new DbContextOptionsBuilder<PostgreSqlAppDbContext>();
        DatabaseServiceCollectionExtensions.UsePostgreSql(options, connectionString);
        return new(options.Options);
    }
}

/// <summary>
/// For <c>dotnet ef migrations add NAME --context PostgreSqlAppDbContext --output-dir Data/Migrations/PostgreSQL</c>:
/// the model needs Npgsql but no server (the connection string is never opened by <c>migrations add</c>).
/// </summary>
internal sealed class PostgreSqlAppDbContextDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlAppDbContext>
{
    public PostgreSqlAppDbContext CreateDbContext(string[] args) =>
        PostgreSqlAppDbContext.Create(Environment.GetEnvironmentVariable("POSTGRES_TEST_CONNECTION") ?? "Host=localhost;Database=design_time");
}
