using BlazorSessionDemo.Auth;
using BlazorSessionDemo.Data;
using Microsoft.EntityFrameworkCore;

namespace BlazorSessionDemo.Tests.PostgreSql;

/// <summary>
/// The login lookup (<see cref="UserLookup"/>) on both databases, each migrated by the app's own migrations: case is
/// folded on both sides, and a <c>_</c> or <c>%</c> in a typed name is a character, never a wildcard naming another user.
/// </summary>
public sealed class UserLookupProviderTests(PostgresTestDatabase postgres) : IClassFixture<PostgresTestDatabase>, IAsyncLifetime
{
    private readonly TempSqliteDatabase _sqlite = new();
    private IDbContextFactory<AppDbContext>? _postgres;

    public static TheoryData<string> Providers => new() { DatabaseSettings.Sqlite, DatabaseSettings.PostgreSql };

    public async Task InitializeAsync()
    {
        _postgres = await postgres.MigrateAppTablesAsync();
        await postgres.ScalarAsync("TRUNCATE auth_user");
        foreach (var create in new Func<Task<AppDbContext>>[] { () => _postgres.CreateDbContextAsync(), () => Task.FromResult(_sqlite.CreateContext()) })
        {
            await using var db = await create();
            db.Users.AddRange(User("alice", "alice@example.com"), User("Bob_1", "bob@example.com"), User("émile", "emile@example.com"));
            await db.SaveChangesAsync();
        }
    }

    public Task DisposeAsync()
    {
        _sqlite.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Login_InAnyAsciiCase_FindsTheUser_ByUsernameOrEmail(string provider)
    {
        Assert.Equal("alice", (await FindAsync(provider, "ALICE"))?.Username);
        Assert.Equal("alice", (await FindAsync(provider, "Alice@Example.COM"))?.Username);
        Assert.Equal("Bob_1", (await FindAsync(provider, "bob_1"))?.Username);
        Assert.Equal("émile", (await FindAsync(provider, "émile"))?.Username);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task LikeWildcardsInTheTypedName_AreCharacters_NotWildcards(string provider)
    {
        foreach (var login in new[] { "a_ice", "al%", "%", "_lice", "alic_", "%@example.com", "bob_%", "Bob__" })
        {
            Assert.Null(await FindAsync(provider, login));
        }
        await using var db = await ContextAsync(provider);
        Assert.False(await db.Users.UsernameTakenAsync("a_ice", default));
        Assert.False(await db.Users.EmailTakenAsync("%@example.com", default));
        Assert.True(await db.Users.UsernameTakenAsync("ALICE", default));
        Assert.True(await db.Users.EmailTakenAsync("BOB@example.com", default));
    }

    private async Task<User?> FindAsync(string provider, string login)
    {
        await using var db = await ContextAsync(provider);
        return await db.Users.AsNoTracking().FindByLoginAsync(login, default);
    }

    private async Task<AppDbContext> ContextAsync(string provider) =>
        provider == DatabaseSettings.PostgreSql ? await _postgres!.CreateDbContextAsync() : _sqlite.CreateContext();

    private static User User(string username, string email) => new()
    {
        Username = username,
        Email = email,
        PasswordHash = "!unusable",
        DateJoined = DateTime.UtcNow,
    };
}
