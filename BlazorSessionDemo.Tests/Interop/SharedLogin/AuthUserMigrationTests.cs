using System.Net;
using BlazorSessionDemo.Data;
using BlazorSessionDemo.Tests.Auth;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BlazorSessionDemo.Tests.Interop.SharedLogin;

/// <summary>
/// The DjangoAuthUser migration: a database of an earlier build (its own <c>users</c> table) keeps its users, ids and
/// BCrypt hashes in Django's <c>auth_user</c>; and a table this app created is one Django uses as its own.
/// </summary>
public sealed class AuthUserMigrationTests : IDisposable
{
    private const string Secret = "auth-user-migration-secret-0123456789abcdef";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bsd-tests", "auth-user-" + Guid.NewGuid().ToString("N"));

    public AuthUserMigrationTests() => Directory.CreateDirectory(_folder);

    [Fact]
    public async Task EarlierBuildsUsers_MoveToAuthUser_WithTheirIdsAndHashes_DjangoVerifiesThem_AndTheyLogInHere()
    {
        var dbPath = Path.Combine(_folder, "earlier.sqlite3");
        var carolHash = BCrypt.Net.BCrypt.HashPassword("carol-password", 10);
        var connection = $"Data Source={dbPath};Pooling=False";
        await using (var db = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseSqlite(connection).Options))
        {
            await db.GetService<IMigrator>().MigrateAsync("20261124180318_SessionCatalog");
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO users (Id, Username, Email, PasswordHash, IsStaff, IsActive) VALUES " +
                "(5, 'Carol', 'carol@example.com', {0}, 1, 1), (9, 'dan', 'dan@example.com', {1}, 0, 0)",
                carolHash, BCrypt.Net.BCrypt.HashPassword("dan-password", 10));
            await db.Database.MigrateAsync();

            var carol = await db.Users.AsNoTracking().SingleAsync(u => u.Id == 5);
            Assert.Equal(("Carol", "carol@example.com", "bcrypt$" + carolHash, true, true), (carol.Username, carol.Email, carol.PasswordHash, carol.IsStaff, carol.IsActive));
            Assert.False((await db.Users.AsNoTracking().SingleAsync(u => u.Id == 9)).IsActive);
            Assert.Equal(0, await db.Database.SqlQueryRaw<int>("SELECT count(*) AS Value FROM sqlite_master WHERE name = 'users'").SingleAsync());
        }
        await using (var django = await DjangoSite.StartAsync(dbPath, Secret, migrate: false))
        {
            Assert.True(await django.ChecksPasswordAsync("Carol", "carol-password"));
        }

        await using var app = new AppFactory(new() { ["ConnectionStrings:Default"] = connection, ["Session:SecretKey"] = Secret });
        var login = await AuthClient.FormLoginAsync(app.CreateBrowserLikeClient(), "carol", "carol-password");

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        await using var after = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseSqlite(connection).Options);
        Assert.StartsWith("bcrypt_sha256$$2b$10$", (await after.Users.AsNoTracking().SingleAsync(u => u.Id == 5)).PasswordHash);
    }

    [Fact]
    public async Task AuthUserCreatedByThisApp_IsDjangosTable_DjangoLogsInTheSeededUser_AndItsUsersLogInHere()
    {
        await using var app = new AppFactory(new() { ["Session:SecretKey"] = Secret });
        _ = app.Services;
        await using var django = await DjangoSite.StartAsync(app.Database.Path, Secret, migrate: false);

        var aliceKey = await django.LoginAsync("alice", "alice-password");
        await django.CreateUserAsync("made_by_django", "django-password-1", "pbkdf2_sha256");
        var login = await AuthClient.FormLoginAsync(app.CreateBrowserLikeClient(), "made_by_django", "django-password-1");

        Assert.NotNull(aliceKey);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var backend = await AuthClient.SendWithSessionAsync(client, HttpMethod.Get, "/backend", aliceKey!);
        Assert.Contains("hello alice", await backend.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("made_by_django", await django.WhoAmIAsync(AuthClient.SessionKeyOf(login)));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
