using System.Net;
using BlazorSessionDemo.Tests.Auth;
using BlazorSessionDemo.Tests.Engines.Redis;

namespace BlazorSessionDemo.Tests.Security;

/// <summary>
/// Ending a session ends it on the server, on every engine (ASVS 5.0 V7.4.1, V7.4.2): after login the pre-login key
/// loads nothing (cycle_key), after logout, idle expiry or a server-side revocation a replayed cookie is anonymous.
/// Replay after the logout button and the API logout is also covered by <c>EngineMatrixTests</c>.
/// </summary>
public sealed class SessionInvalidationTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Theory]
    [MemberData(nameof(EngineApp.AllEngines), MemberType = typeof(EngineApp))]
    public async Task Login_CyclesTheKey_AndThePreLoginKeyLoadsNothing(string engine)
    {
        await using var app = new EngineApp(engine, redis);
        using var browser = app.CreateClient();
        using var attacker = app.CreateClient(handleCookies: false);
        var before = AuthClient.SessionKeyOf(await AntiforgeryForm.PostAsync(browser, "/session_test/", "write"));
        Assert.Equal("hello", await SessionForms.ReadH1Async(attacker, before));

        var after = AuthClient.SessionKeyOf(await AuthClient.ApiLoginAsync(browser, "alice@example.com", "alice-password"));

        Assert.NotEqual(before, after);
        Assert.Equal("default", await SessionForms.ReadH1Async(attacker, before));
        Assert.Equal(HttpStatusCode.Unauthorized, (await AuthClient.SendWithSessionAsync(attacker, HttpMethod.Get, "/api/me", before)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await AuthClient.SendWithSessionAsync(attacker, HttpMethod.Get, "/api/me", after)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(EngineApp.AllEngines), MemberType = typeof(EngineApp))]
    public async Task Logout_RemovesTheStoredSession_AndTheReplayIsAnonymous(string engine)
    {
        await using var app = new EngineApp(engine, redis);
        using var browser = app.CreateClient();
        using var attacker = app.CreateClient(handleCookies: false);
        var empty = await app.CountStoredAsync();
        var key = AuthClient.SessionKeyOf(await AuthClient.ApiLoginAsync(browser, "alice@example.com", "alice-password"));
        Assert.Equal(empty + app.EntriesPerSession, await app.CountStoredAsync());

        Assert.Equal(HttpStatusCode.Redirect, (await AuthClient.PostLogoutFormAsync(browser)).StatusCode);

        // signed_cookies keeps nothing but a revocation of the session's id, so a copied cookie stays dead.
        Assert.Equal(empty + (engine == "signed_cookies" ? 1 : 0), await app.CountStoredAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await AuthClient.SendWithSessionAsync(attacker, HttpMethod.Get, "/api/me", key)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(EngineApp.AllEngines), MemberType = typeof(EngineApp))]
    public async Task IdleExpiry_EndsTheSessionOnTheServer(string engine)
    {
        await using var app = new EngineApp(engine, redis);
        using var attacker = app.CreateClient(handleCookies: false);
        // The API login's set_expiry(300): five idle minutes, counted from the last save (Django's idle timeout).
        var key = AuthClient.SessionKeyOf(await AuthClient.ApiLoginAsync(app.CreateClient(), "alice@example.com", "alice-password"));
        if (engine == "redis")
        {
            // Redis expires keys on its own clock, which a fake clock can't move: the server-side evidence is the TTL.
            var ttl = await redis.Database.KeyTimeToLiveAsync($"{app.RedisPrefix}:{key}");
            Assert.NotNull(ttl);
            Assert.InRange(ttl.Value, TimeSpan.FromSeconds(290), TimeSpan.FromSeconds(300));
            return;
        }
        app.Time.Advance(TimeSpan.FromSeconds(299));
        Assert.Equal(HttpStatusCode.OK, (await AuthClient.SendWithSessionAsync(attacker, HttpMethod.Get, "/api/me", key)).StatusCode);

        app.Time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(HttpStatusCode.Unauthorized, (await AuthClient.SendWithSessionAsync(attacker, HttpMethod.Get, "/api/me", key)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(EngineApp.AllEngines), MemberType = typeof(EngineApp))]
    public async Task ServerSideRevocation_ReplayIsAnonymous(string engine)
    {
        await using var app = new EngineApp(engine, redis);
        using var browser = app.CreateClient();
        var key = AuthClient.SessionKeyOf(await AuthClient.ApiLoginAsync(browser, "alice@example.com", "alice-password"));

        // What an administrator's "end this session" does: delete it through the configured engine.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ISessionEngine>().DeleteAsync(key);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.GetAsync("/api/test1")).StatusCode);
    }
}
