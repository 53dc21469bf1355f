using System.Net;
using BlazorSessionDemo.Tests.Auth;
using BlazorSessionDemo.Tests.Engines.Redis;

namespace BlazorSessionDemo.Tests.Security;

/// <summary>
/// Login CSRF and token rotation (ASVS 5.0 V3.5.1, OWASP CSRF cheat sheet "login CSRF"): a cross-site login post is
/// refused and creates no session; and ASP.NET Core antiforgery binds a request token to the identity it was issued to,
/// so a token from before login no longer validates after it. (<c>/api/login</c> only takes application/json, which a
/// cross-site form can't send without a CORS preflight: see <c>ApiLoginRejectionTests.Login_NonJsonContentType_Returns400</c>.)
/// </summary>
public sealed class LoginCsrfTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task CrossSiteLoginPost_WithoutAToken_Is400_SetsNoSessionCookie_StoresNothing()
    {
        await using var app = new EngineApp("db", redis);
        using var victim = app.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login",
                ["Input.Username"] = "bob",
                ["Input.Password"] = "bob-password",
            }),
        };
        request.Headers.Add("Origin", "https://evil.example");
        request.Headers.Add("Sec-Fetch-Site", "cross-site");

        var response = await victim.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(SetCookie.Find(response.Headers, AuthClient.CookieName));
        Assert.Equal(0, await app.CountStoredAsync());
    }

    [Fact]
    public async Task LoginPost_WithATokenIssuedToAnotherBrowser_Is400_AndLogsNobodyIn()
    {
        // The attacker's own valid token, posted from the victim's browser (which holds a different antiforgery cookie).
        await using var app = new EngineApp("db", redis);
        using var attacker = app.CreateClient();
        using var victim = app.CreateClient();
        var attackersToken = SessionForms.TokenOf(await attacker.GetStringAsync("/login"));
        await victim.GetAsync("/login");

        var response = await victim.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = attackersToken,
            ["Input.Username"] = "bob",
            ["Input.Password"] = "bob-password",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(SetCookie.Find(response.Headers, AuthClient.CookieName));
        Assert.Equal(HttpStatusCode.Unauthorized, (await victim.GetAsync("/api/me")).StatusCode);
        Assert.Equal(0, await app.CountStoredAsync());
    }

    [Fact]
    public async Task AntiforgeryTokenFromBeforeLogin_IsRefusedAfterLogin_AndThePagesIssueANewOne()
    {
        await using var app = new EngineApp("db", redis);
        using var browser = app.CreateClient();
        var anonymousToken = SessionForms.TokenOf(await browser.GetStringAsync("/login"));
        await AuthClient.FormLoginAsync(browser, "alice", "alice-password");
        var loggedInToken = SessionForms.TokenOf(await browser.GetStringAsync("/backend"));

        var withOldToken = await browser.PostAsync("/logout", Token(anonymousToken));
        var stillIn = await browser.GetAsync("/api/me");
        var withNewToken = await browser.PostAsync("/logout", Token(loggedInToken));

        Assert.NotEqual(anonymousToken, loggedInToken);
        Assert.Equal(HttpStatusCode.BadRequest, withOldToken.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, withNewToken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/me")).StatusCode);
    }

    private static FormUrlEncodedContent Token(string token) =>
        new(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
}
