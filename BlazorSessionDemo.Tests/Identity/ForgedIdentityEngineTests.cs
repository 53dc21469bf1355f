using System.Net;
using System.Text.Json.Nodes;
using BlazorSessionDemo.Auth;
using BlazorSessionDemo.Auth.Hashers;
using BlazorSessionDemo.Tests.Auth;
using BlazorSessionDemo.Tests.Engines.Redis;
using BlazorSessionDemo.Tests.Security;
using Microsoft.EntityFrameworkCore;

namespace BlazorSessionDemo.Tests.Identity;

/// <summary>
/// Issue 12's attack on every engine: a session that merely says <c>user_id: 3</c> (stored straight through the engine,
/// as the playground used to let anyone do) is nobody; forged Django keys without the right hash, and a real login whose
/// password changed since, are flushed - the stored session is gone and the cookie deleted - and anonymous.
/// </summary>
public sealed class ForgedIdentityEngineTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    public static TheoryData<string> Engines => EngineApp.AllEngines;

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task PlantedSeedKeys_AdminsUserId_GiveNoIdentity_AndAreNotFlushed(string engine)
    {
        await using var app = new EngineApp(engine, redis);
        var admin = await UserAsync(app, "admin");
        var key = await StoreAsync(app, new JsonObject
        {
            [SessionUser.UserIdKey] = admin.Id,
            [SessionUser.UsernameKey] = "admin",
            [SessionUser.UserInfoKey] = $"**{admin.Id} admin admin@example.com",
            [SessionUser.IsLoginKey] = "true",
        });
        using var client = app.CreateClient(handleCookies: false);

        var me = await AuthClient.SendWithSessionAsync(client, HttpMethod.Get, "/api/me", key);
        var adminPage = await AuthClient.SendWithSessionAsync(client, HttpMethod.Get, "/admin/sessions", key);
        var test1 = await AuthClient.SendWithSessionAsync(client, HttpMethod.Get, "/api/test1", key);
        var logout = await AuthClient.SendWithSessionAsync(client, HttpMethod.Post, "/api/logout", key);

        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, adminPage.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, test1.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, logout.StatusCode);
        // Anonymous is not tampering: like Django without SESSION_KEY, the session itself is left alone.
        Assert.Equal(admin.Id, (await LoadAsync(app, key))?[SessionUser.UserIdKey]?.GetValue<long>());
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task ForgedDjangoKeys_WithoutTheRightHash_AreFlushed_AndAnonymous(string engine)
    {
        await using var app = new EngineApp(engine, redis);
        var admin = await UserAsync(app, "admin");
        var key = await StoreAsync(app, new JsonObject
        {
            [SessionUser.UserIdKey] = admin.Id,
            [SessionUser.AuthUserIdKey] = admin.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [SessionUser.AuthBackendKey] = SessionUser.ModelBackend,
            [SessionUser.AuthHashKey] = new string('0', SessionAuthHash.Length),
        });
        using var client = app.CreateClient(handleCookies: false);

        var me = await AuthClient.SendWithSessionAsync(client, HttpMethod.Get, "/api/me", key);

        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        await AssertFlushedAsync(app, me, key);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task RealLogin_AfterThePasswordHashChangedInTheDatabase_IsFlushed_AndAnonymous(string engine)
    {
        await using var app = new EngineApp(engine, redis);
        using var client = app.CreateClient(handleCookies: false);
        var key = AuthClient.SessionKeyOf(await AuthClient.ApiLoginAsync(client, "alice@example.com", "alice-password"));
        Assert.Equal(HttpStatusCode.OK, (await AuthClient.SendWithSessionAsync(client, HttpMethod.Get, "/api/me", key)).StatusCode);

        var newHash = app.Services.GetRequiredService<DjangoPasswordHasher>().Hash("a-new-password-for-alice");
        await using (var db = app.Database.CreateContext())
        {
            Assert.Equal(1, await db.Users.Where(u => u.Username == "alice").ExecuteUpdateAsync(u => u.SetProperty(x => x.PasswordHash, newHash)));
        }
        // As the node that changed it does: every node drops what it cached of alice (Auth:UserCacheSeconds).
        AppData.AnnounceAccountChanged(app.Services, (await UserAsync(app, "alice")).Id);
        var me = await AuthClient.SendWithSessionAsync(client, HttpMethod.Get, "/api/me", key);

        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        await AssertFlushedAsync(app, me, key);
        Assert.Equal(HttpStatusCode.Unauthorized, (await AuthClient.SendWithSessionAsync(client, HttpMethod.Get, "/api/me", key)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task RealLogin_IsAnIdentity_WithEveryLoginKeyWritten(string engine)
    {
        await using var app = new EngineApp(engine, redis);
        using var client = app.CreateClient(handleCookies: false);
        var alice = await UserAsync(app, "alice");

        var key = AuthClient.SessionKeyOf(await AuthClient.ApiLoginAsync(client, "alice@example.com", "alice-password"));
        var me = await AuthClient.SendWithSessionAsync(client, HttpMethod.Get, "/api/me", key);
        var data = (await LoadAsync(app, key))!;

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(alice.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), data[SessionUser.AuthUserIdKey]!.GetValue<string>());
        Assert.Equal(SessionUser.ModelBackend, data[SessionUser.AuthBackendKey]!.GetValue<string>());
        Assert.Equal(SessionAuthHash.Compute(alice.PasswordHash, SessionTestHost.Secret), data[SessionUser.AuthHashKey]!.GetValue<string>());
        Assert.Equal(alice.Id, data[SessionUser.UserIdKey]!.GetValue<long>());
    }

    private static async Task AssertFlushedAsync(EngineApp app, HttpResponseMessage response, string key)
    {
        Assert.True(SetCookie.Find(response.Headers, AuthClient.CookieName) is { IsDeletion: true },
            "the flushed session's cookie is deleted");
        Assert.Null(await LoadAsync(app, key));
        if (app.Engine != "signed_cookies")
        {
            Assert.Equal(0, await app.CountStoredAsync());
        }
    }

    private static async Task<Data.User> UserAsync(EngineApp app, string username)
    {
        _ = app.Services;
        return await AppData.UserAsync(app.Factory, username);
    }

    /// <summary>Stores <paramref name="data"/> through the app's engine and returns the cookie value that names it.</summary>
    private static async Task<string> StoreAsync(EngineApp app, JsonObject data)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISessionEngine>()
            .SaveAsync(SessionKeys.Generate(), data, app.Time.GetUtcNow().AddDays(14), mustCreate: true);
    }

    private static async Task<JsonObject?> LoadAsync(EngineApp app, string key)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISessionEngine>().LoadAsync(key);
    }
}
