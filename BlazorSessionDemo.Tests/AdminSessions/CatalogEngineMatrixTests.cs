using System.Globalization;
using System.Net;
using BlazorSessionDemo.Tests.Auth;
using BlazorSessionDemo.Tests.Engines.Redis;

namespace BlazorSessionDemo.Tests.AdminSessions;

/// <summary>
/// Every engine lists its sessions through the catalog - anonymous and logged-in, from several clients - and every
/// engine's sessions can be ended from outside: the ended client's next request is anonymous, the others stay.
/// </summary>
public sealed class CatalogEngineMatrixTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    public static TheoryData<string> Engines => ["db", "cache", "cached_db", "file", "signed_cookies", "redis"];

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task ListsAnonymousAndUserSessions_EndsOne_OnEveryEngine(string engine)
    {
        await using var app = StartApp(engine);
        var visitor = app.CreateBrowserLikeClient();
        var alice = app.CreateBrowserLikeClient();
        var bob = app.CreateBrowserLikeClient();
        var visitorKey = AuthClient.SessionKeyOf(await AntiforgeryForm.PostAsync(visitor, "/session_test/", "write"));
        var aliceKey = AuthClient.SessionKeyOf(await AuthClient.ApiLoginAsync(alice, "alice@example.com", "alice-password"));
        var bobKey = AuthClient.SessionKeyOf(await AuthClient.FormLoginAsync(bob, "bob", "bob-password"));

        var aliceEntry = await LiveSessions.EntryOfAsync(app, aliceKey);
        Assert.Null((await LiveSessions.EntryOfAsync(app, visitorKey)).UserId);
        Assert.Equal(Id(await AppData.UserAsync(app, "alice")), aliceEntry.UserId);
        Assert.Equal(Id(await AppData.UserAsync(app, "bob")), (await LiveSessions.EntryOfAsync(app, bobKey)).UserId);
        Assert.Equal(3, (await LiveSessions.AllAsync(app)).Count);
        Assert.All(await LiveSessions.AllAsync(app), e => Assert.Equal(engine, e.Engine));

        Assert.Equal(1, await LiveSessions.RevokeAsync(app, r => r.EndAsync([aliceEntry.Id])));

        Assert.Equal(HttpStatusCode.Unauthorized, (await alice.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync("/api/me")).StatusCode);
        Assert.Equal(2, (await LiveSessions.AllAsync(app)).Count);
        await AuthClient.PostLogoutFormAsync(bob);
        Assert.Equal(LiveSessions.FingerprintOf(app, visitorKey), Assert.Single(await LiveSessions.AllAsync(app)).Fingerprint);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task AReplayedCookieOfAnEndedSession_IsAnonymous_OnEveryEngine(string engine)
    {
        await using var app = StartApp(engine);
        var client = app.CreateBrowserLikeClient();
        var key = AuthClient.SessionKeyOf(await AuthClient.ApiLoginAsync(client, "alice@example.com", "alice-password"));
        var entry = await LiveSessions.EntryOfAsync(app, key);

        await LiveSessions.RevokeAsync(app, r => r.EndAsync([entry.Id]));

        var replay = AuthClient.CreateCookielessClient(app);
        Assert.Equal(HttpStatusCode.Unauthorized, (await AuthClient.SendWithSessionAsync(replay, HttpMethod.Get, "/api/me", key)).StatusCode);
    }

    private static string Id(Data.User user) => user.Id.ToString(CultureInfo.InvariantCulture);

    private AppFactory StartApp(string engine)
    {
        var app = AppFactory.OnEngine(engine, redis.Host, redis.Port, $"catalog-{Guid.NewGuid():N}");
        _ = app.Services;
        return app;
    }
}
