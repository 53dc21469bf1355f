using System.Net;
using BlazorSessionDemo.Tests.Auth;
using BlazorSessionDemo.Tests.Engines.Redis;
using BlazorSessionDemo.Tests.Security;

namespace BlazorSessionDemo.Tests.Passwords;

/// <summary>
/// "Remember me" on <c>/login</c>, Django's idiom: unticked, <c>request.session.set_expiry(0)</c>, a cookie without
/// Max-Age or Expires that the browser drops when it closes; ticked, <c>SESSION_COOKIE_AGE</c>, a persistent cookie.
/// Unticked by default.
/// </summary>
public sealed class RememberMeTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task TheBox_IsThere_AndUnticked()
    {
        await using var app = new EngineApp("db", redis);

        var page = await app.CreateClient().GetStringAsync("/login");

        var box = page[page.IndexOf("<input", page.IndexOf("id=\"remember-me\"", StringComparison.Ordinal) - 80, StringComparison.Ordinal)..];
        box = box[..box.IndexOf('>')];
        Assert.Contains("type=\"checkbox\"", box);
        Assert.DoesNotContain("checked", box);
        Assert.Contains("<label for=\"remember-me\">Remember me</label>", page);
    }

    [Fact]
    public async Task Unticked_TheCookieEndsWithTheBrowser_NoMaxAgeNoExpires()
    {
        await using var app = new EngineApp("db", redis);
        var browser = app.CreateClient();

        var login = await PasswordForms.LoginAsync(browser, "alice", "alice-password", rememberMe: false);

        Assert.Equal(HttpStatusCode.Found, login.StatusCode);
        var cookie = SetCookie.Find(login.Headers, AuthClient.CookieName)!;
        Assert.False(cookie.Has("max-age"));
        Assert.False(cookie.Has("expires"));
        Assert.Equal(0, (await AppData.ReadSessionAsync(app.Factory, cookie.Value))?["_session_expiry"]?.GetValue<int>());
        Assert.Contains("or when the browser closes", await browser.GetStringAsync("/backend"));
    }

    [Fact]
    public async Task Ticked_TheCookieLastsCookieAge()
    {
        await using var app = new EngineApp("db", redis);

        var login = await PasswordForms.LoginAsync(app.CreateClient(), "alice", "alice-password", rememberMe: true);

        var cookie = SetCookie.Find(login.Headers, AuthClient.CookieName)!;
        Assert.Equal("1209600", cookie["max-age"]);
        Assert.Equal(app.Time.GetUtcNow().AddSeconds(1209600), DateTimeOffset.Parse(cookie["expires"]!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Ticked_StaysPersistent_EvenWhenTheSiteDefaultIsBrowserClose()
    {
        await using var app = new EngineApp("db", redis, new() { ["Session:ExpireAtBrowserClose"] = "true", ["Session:CookieAge"] = "3600" });

        var ticked = await PasswordForms.LoginAsync(app.CreateClient(), "alice", "alice-password", rememberMe: true);
        var unticked = await PasswordForms.LoginAsync(app.CreateClient(), "bob", "bob-password", rememberMe: false);

        Assert.Equal("3600", SetCookie.Find(ticked.Headers, AuthClient.CookieName)!["max-age"]);
        Assert.False(SetCookie.Find(unticked.Headers, AuthClient.CookieName)!.Has("max-age"));
    }

    [Fact]
    public async Task TheChoice_SurvivesAPasswordChange()
    {
        await using var app = new EngineApp("db", redis);
        var forgetful = app.CreateClient();
        var remembered = app.CreateClient();
        await PasswordForms.LoginAsync(forgetful, "alice", "alice-password", rememberMe: false);
        await PasswordForms.LoginAsync(remembered, "bob", "bob-password", rememberMe: true);

        var changedForgetful = await PasswordForms.ChangeAsync(forgetful, "alice-password", "a-brand-new-secret");
        var changedRemembered = await PasswordForms.ChangeAsync(remembered, "bob-password", "a-brand-new-secret");

        Assert.False(SetCookie.Find(changedForgetful.Headers, AuthClient.CookieName)!.Has("max-age"));
        Assert.Equal("1209600", SetCookie.Find(changedRemembered.Headers, AuthClient.CookieName)!["max-age"]);
    }
}
