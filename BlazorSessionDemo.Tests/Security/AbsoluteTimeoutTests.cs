using System.Net;
using System.Text.Json.Nodes;
using BlazorSessionDemo.Tests.Auth;
using BlazorSessionDemo.Tests.Engines.Redis;
using Microsoft.EntityFrameworkCore;

namespace BlazorSessionDemo.Tests.Security;

/// <summary>
/// <c>Session:AbsoluteTimeout</c> (ASVS 5.0 V7.3.2; OWASP "absolute timeout"): when set, a session ends that long after
/// login however active it is. Off by default, as Django has none. Django's idle timeout (SESSION_COOKIE_AGE from the
/// last save) keeps working beside it. The fake clock moves; nothing sleeps.
/// </summary>
public sealed class AbsoluteTimeoutTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private const int Hour = 3600;

    [Theory]
    [MemberData(nameof(EngineApp.AllEngines), MemberType = typeof(EngineApp))]
    public async Task SessionActiveEveryMinute_StillEndsAtLoginPlusTheAbsoluteTimeout(string engine)
    {
        // Every request saves (and so refreshes the five-minute idle expiry of an API login): only the absolute limit can end it.
        await using var app = new EngineApp(engine, redis, new()
        {
            ["Session:AbsoluteTimeout"] = $"{Hour}",
            ["Session:SaveEveryRequest"] = "true",
        });
        using var browser = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await AuthClient.ApiLoginAsync(browser, "alice@example.com", "alice-password")).StatusCode);

        for (var minute = 1; minute < 60; minute++)
        {
            app.Time.Advance(TimeSpan.FromMinutes(1));
            Assert.True((await browser.GetAsync("/api/me")).StatusCode == HttpStatusCode.OK, $"{engine}: logged out after {minute} minutes");
        }
        app.Time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/me")).StatusCode);
        // Gone from the store, or stored as expired at the deadline, so clearsessions removes it (db keeps expired rows
        // until then, as in Django: expire_date__lt=now, hence the second); signed_cookies keeps the revocation of its id.
        app.Time.Advance(TimeSpan.FromSeconds(1));
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ISessionEngine>().ClearExpiredAsync();
        Assert.Equal(engine == "signed_cookies" ? 1 : 0, await app.CountStoredAsync());
    }

    [Fact]
    public async Task CookieMaxAge_AndStoredExpiry_NeverOutliveTheDeadline()
    {
        await using var app = new EngineApp("db", redis, new() { ["Session:AbsoluteTimeout"] = $"{Hour}" });
        using var browser = app.CreateClient();
        var loginAt = app.Time.GetUtcNow();

        // "Remember me" ticked: a persistent cookie, whose Max-Age the deadline caps (unticked, it has none).
        var login = await Passwords.PasswordForms.LoginAsync(browser, "alice", "alice-password", rememberMe: true);
        var key = AuthClient.SessionKeyOf(login);
        Assert.Equal($"{Hour}", SetCookie.Find(login.Headers, AuthClient.CookieName)!["max-age"]);
        Assert.Equal(loginAt.UtcDateTime.AddSeconds(Hour), await ExpireDateAsync(app, key));

        app.Time.Advance(TimeSpan.FromMinutes(30));
        var write = await AntiforgeryForm.PostAsync(browser, "/session_test/", "write");

        Assert.Equal($"{Hour / 2}", SetCookie.Find(write.Headers, AuthClient.CookieName)!["max-age"]);
        Assert.Equal(loginAt.UtcDateTime.AddSeconds(Hour), await ExpireDateAsync(app, key));
    }

    [Fact]
    public async Task Login_RestartsTheAbsoluteClock()
    {
        await using var app = new EngineApp("db", redis, new() { ["Session:AbsoluteTimeout"] = $"{Hour}" });
        using var browser = app.CreateClient();
        await AntiforgeryForm.PostAsync(browser, "/session_test/", "write");
        app.Time.Advance(TimeSpan.FromMinutes(50));
        await AuthClient.FormLoginAsync(browser, "alice", "alice-password");

        // 100 minutes after the anonymous session began, 50 after login: still on.
        app.Time.Advance(TimeSpan.FromMinutes(50));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/me")).StatusCode);
        app.Time.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task CycleKey_CarriesTheCreationInstant()
    {
        await using var app = new EngineApp("db", redis, new() { ["Session:AbsoluteTimeout"] = $"{Hour}" });
        await using var scope = app.Services.CreateAsyncScope();
        var session = new DjangoSession(scope.ServiceProvider.GetRequiredService<ISessionEngine>(),
            scope.ServiceProvider.GetRequiredService<IOptions<DjangoSessionSettings>>().Value, app.Time);
        await session.LoadAsync();
        session["h1"] = "hello";
        var created = app.Time.GetUtcNow();
        await session.SaveAsync();
        var firstKey = session.SessionKey;
        app.Time.Advance(TimeSpan.FromMinutes(10));

        await session.CycleKeyAsync();

        Assert.NotEqual(firstKey, session.SessionKey);
        Assert.Equal(created.ToUnixTimeSeconds(), session[DjangoSession.CreatedKey]!.GetValue<long>());
        Assert.Equal(created.AddSeconds(Hour), session.GetAbsoluteDeadline());
    }

    [Fact]
    public async Task SessionStoredBeforeTheSettingWasOn_StartsItsClockAtFirstUse()
    {
        await using var app = new EngineApp("db", redis, new() { ["Session:AbsoluteTimeout"] = $"{Hour}" });
        using var client = app.CreateClient(handleCookies: false);
        _ = app.Services;
        var alice = await AppData.UserAsync(app.Factory, "alice");
        // A login stored by a build without the setting: every login key, but no creation stamp.
        var key = await LoggedInSessions.CreateAsync(app.Services, alice, session => session.Remove(DjangoSession.CreatedKey));
        app.Time.Advance(TimeSpan.FromHours(5));
        Assert.Equal(HttpStatusCode.OK, (await AuthClient.SendWithSessionAsync(client, HttpMethod.Get, "/api/me", key)).StatusCode);

        app.Time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(HttpStatusCode.OK, (await AuthClient.SendWithSessionAsync(client, HttpMethod.Get, "/api/me", key)).StatusCode);
        app.Time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(HttpStatusCode.Unauthorized, (await AuthClient.SendWithSessionAsync(client, HttpMethod.Get, "/api/me", key)).StatusCode);
    }

    [Fact]
    public async Task Off_ByDefault_NoCreationStamp_AndOnlyTheIdleTimeoutApplies()
    {
        await using var app = new EngineApp("db", redis);
        using var browser = app.CreateClient();
        var key = AuthClient.SessionKeyOf(await AuthClient.FormLoginAsync(browser, "alice", "alice-password"));

        for (var day = 1; day <= 13; day++)
        {
            app.Time.Advance(TimeSpan.FromDays(1));
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/me")).StatusCode);
        }

        await using var db = app.Database.CreateContext();
        var row = await db.DjangoSessions.SingleAsync(s => s.SessionKey == key);
        var data = app.Services.GetRequiredService<SessionDataCodec>().Decode(row.SessionData);
        Assert.False(data.ContainsKey(DjangoSession.CreatedKey));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("-3600")]
    public async Task NegativeAbsoluteTimeout_StopsStart_NamingTheSetting(string value)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => SessionTestHost.StartAsync(new() { ["Session:AbsoluteTimeout"] = value }));

        Assert.Contains("Session:AbsoluteTimeout", error.Message);
    }

    private static async Task<DateTime> ExpireDateAsync(EngineApp app, string key)
    {
        await using var db = app.Database.CreateContext();
        return (await db.DjangoSessions.SingleAsync(s => s.SessionKey == key)).ExpireDate;
    }
}
