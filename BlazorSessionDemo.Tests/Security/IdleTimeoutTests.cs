using System.Net;
using BlazorSessionDemo.Tests.Auth;
using BlazorSessionDemo.Tests.Engines.Redis;

namespace BlazorSessionDemo.Tests.Security;

/// <summary>
/// The idle timeout is Django's (ASVS 5.0 V7.3.1): a session expires SESSION_COOKIE_AGE (<c>Session:CookieAge</c>)
/// after it was last saved. A request that only reads does not save, so it does not extend the session (unless
/// <c>Session:SaveEveryRequest</c>, see <c>CookieSettingsTests</c>); a request that changes it does.
/// </summary>
public sealed class IdleTimeoutTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static Dictionary<string, string?> TenMinutes => new() { ["Session:CookieAge"] = "600" };

    [Fact]
    public async Task ReadingOnly_DoesNotExtendTheSession()
    {
        await using var app = new EngineApp("db", redis, TenMinutes);
        using var browser = app.CreateClient();
        await AuthClient.FormLoginAsync(browser, "alice", "alice-password");

        app.Time.Advance(TimeSpan.FromSeconds(500));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/me")).StatusCode);
        app.Time.Advance(TimeSpan.FromSeconds(101));

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task ASave_StartsTheIdleTimeoutAgain()
    {
        await using var app = new EngineApp("db", redis, TenMinutes);
        using var browser = app.CreateClient();
        await AuthClient.FormLoginAsync(browser, "alice", "alice-password");

        app.Time.Advance(TimeSpan.FromSeconds(500));
        await AntiforgeryForm.PostAsync(browser, "/session_test/", "write");
        app.Time.Advance(TimeSpan.FromSeconds(599));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/me")).StatusCode);
        app.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/me")).StatusCode);
    }
}
