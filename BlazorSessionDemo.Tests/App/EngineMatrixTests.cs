using System.Net;
using BlazorSessionDemo.Tests.Auth;
using BlazorSessionDemo.Tests.Engines.Redis;

namespace BlazorSessionDemo.Tests.App;

/// <summary>
/// The whole app on every engine, switched by <c>Session:Engine</c> alone (plus where the store lives): the seed's
/// API login / test1 / logout, the login form, fixation defence, and replaying a cookie after logout.
/// </summary>
public sealed class EngineMatrixTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    public static TheoryData<string> Engines => ["db", "cache", "cached_db", "file", "signed_cookies", "redis"];

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task ApiLogin_Test1_Logout_ThenReplayIsAnonymous(string engine)
    {
        await using var app = StartApp(engine);
        var client = app.CreateBrowserLikeClient();

        var login = await AuthClient.ApiLoginAsync(client, "alice@example.com", "alice-password");
        var key = AuthClient.SessionKeyOf(login);
        var test1 = await client.GetStringAsync("/api/test1");
        var logout = await client.PostAsync("/api/logout", null);

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal("test1 ok", test1);
        Assert.EndsWith("logout ok.", await logout.Content.ReadAsStringAsync());
        var replay = AuthClient.CreateCookielessClient(app);
        Assert.Equal(HttpStatusCode.Unauthorized, (await AuthClient.SendWithSessionAsync(replay, HttpMethod.Get, "/api/me", key)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await AuthClient.SendWithSessionAsync(replay, HttpMethod.Get, "/api/test1", key)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task FormLogin_CyclesTheKey_Backend_Logout(string engine)
    {
        await using var app = StartApp(engine);
        var client = app.CreateBrowserLikeClient();
        var anonymous = AuthClient.SessionKeyOf(await AntiforgeryForm.PostAsync(client, "/session_test/", "write"));

        var login = await AuthClient.FormLoginAsync(client, "alice", "alice-password");
        var loggedIn = AuthClient.SessionKeyOf(login);
        var backend = await client.GetStringAsync("/backend");
        var logout = await AuthClient.PostLogoutFormAsync(client);
        var after = await client.GetAsync("/backend");

        Assert.EndsWith("/backend", login.Headers.Location?.OriginalString);
        Assert.NotEqual(anonymous, loggedIn);
        Assert.Contains("hello alice", backend);
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/login", after.Headers.Location?.OriginalString);
        var replay = AuthClient.CreateCookielessClient(app);
        Assert.Equal(HttpStatusCode.BadRequest, (await AuthClient.SendWithSessionAsync(replay, HttpMethod.Get, "/api/test1", anonymous)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await AuthClient.SendWithSessionAsync(replay, HttpMethod.Get, "/api/test1", loggedIn)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task SessionTestPage_WritesAndReadsBack(string engine)
    {
        await using var app = StartApp(engine);
        var client = app.CreateBrowserLikeClient();

        await AntiforgeryForm.PostAsync(client, "/session_test/", "write");
        var read = await AntiforgeryForm.PostAsync(client, "/session_test/", "read");

        Assert.Contains("id=\"read-value\">hello<", await read.Content.ReadAsStringAsync());
    }

    private AppFactory StartApp(string engine)
    {
        var settings = new Dictionary<string, string?> { ["Session:Engine"] = engine };
        var app = new AppFactory(settings);
        settings["Session:FilePath"] = Path.Combine(app.Database.Folder, "sessions");
        settings["Session:Redis:Host"] = redis.Host;
        settings["Session:Redis:Port"] = redis.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Session:Redis:Prefix"] = $"matrix-{Guid.NewGuid():N}";
        return app;
    }
}
