using BlazorSessionDemo.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace BlazorSessionDemo.Tests.Interop;

/// <summary>Django migrates the shared file first; this app then starts on it, adopts django_session, and both still share sessions.</summary>
public sealed class DjangoMigratedFirstTests : IDisposable
{
    private const string Secret = "interop-migrated-first-secret-0123456789abcdef";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bsd-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task AppStartsOnADjangoMigratedFile_AndReadsDjangosSessions()
    {
        Directory.CreateDirectory(_folder);
        var dbPath = Path.Combine(_folder, "django-first.sqlite3");
        await DjangoPeer.MigrateAsync(dbPath, Secret);
        var djangoKey = await DjangoPeer.WriteAsync(dbPath, Secret, new() { ["h1"] = "from django" });

        await using var app = new AppFactory(new()
        {
            ["ConnectionStrings:Default"] = $"Data Source={dbPath}",
            ["Session:SecretKey"] = Secret,
        });
        using var scope = app.Services.CreateScope();
        var session = await scope.ServiceProvider.GetRequiredService<DjangoSessionFactory>().OpenAsync(djangoKey);

        Assert.Equal("from django", session.Get<string>("h1"));
        await using var db = app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();
        Assert.Equal(3, await db.Users.CountAsync());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
