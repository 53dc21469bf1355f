using System.Net;
using BlazorSessionDemo.Tests.Auth;
using BlazorSessionDemo.Tests.Engines.Redis;

namespace BlazorSessionDemo.Tests.Security;

/// <summary>
/// The session cookie's attributes through the whole app (ASVS 5.0 V3.3.1, V3.3.2, V3.3.4): HttpOnly, SameSite as
/// configured, Secure on every HTTPS response even when CookieSecure is off, and the optional <c>__Host-</c> name:
/// checked on start, and never confused with a look-alike name (CVE-2020-1045: <c>__%48ost-</c> read as <c>__Host-</c>).
/// </summary>
public sealed class SessionCookieAttributeTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task OverHttps_TheCookieIsSecure_HttpOnly_Lax_EvenWithCookieSecureOff()
    {
        await using var app = new EngineApp("db", redis);
        using var browser = app.CreateClient(baseAddress: "https://localhost");

        var login = await AuthClient.ApiLoginAsync(browser, "alice@example.com", "alice-password");
        var logout = await browser.PostAsync("/api/logout", null);

        var issued = SetCookie.Find(login.Headers, AuthClient.CookieName)!;
        Assert.True(issued.Has("secure"));
        Assert.True(issued.Has("httponly"));
        Assert.Equal("lax", issued["samesite"]);
        var deleted = SetCookie.Find(logout.Headers, AuthClient.CookieName)!;
        Assert.True(deleted.IsDeletion);
        Assert.True(deleted.Has("secure"));
    }

    [Fact]
    public async Task OverPlainHttp_TheCookieIsNotSecure_UnlessConfigured()
    {
        await using var plain = new EngineApp("db", redis);
        await using var secure = new EngineApp("db", redis, new() { ["Session:CookieSecure"] = "true" });

        var plainLogin = await AuthClient.ApiLoginAsync(plain.CreateClient(), "alice@example.com", "alice-password");
        var secureLogin = await AuthClient.ApiLoginAsync(secure.CreateClient(), "alice@example.com", "alice-password");

        Assert.False(SetCookie.Find(plainLogin.Headers, AuthClient.CookieName)!.Has("secure"));
        Assert.True(SetCookie.Find(secureLogin.Headers, AuthClient.CookieName)!.Has("secure"));
    }

    [Theory]
    [InlineData("Strict", "strict")]
    [InlineData("None", "none")]
    [InlineData("Lax", "lax")]
    public async Task SameSite_IsWhatTheSettingSays(string setting, string expected)
    {
        await using var app = new EngineApp("db", redis, new() { ["Session:CookieSameSite"] = setting });

        var login = await AuthClient.ApiLoginAsync(app.CreateClient(baseAddress: "https://localhost"), "alice@example.com", "alice-password");

        Assert.Equal(expected, SetCookie.Find(login.Headers, AuthClient.CookieName)!["samesite"]);
    }

    [Fact]
    public async Task HostPrefixedName_IsIssuedSecure_WithPathRoot_NoDomain_AndReadBack()
    {
        await using var app = new EngineApp("db", redis, HostPrefixed);
        using var browser = app.CreateClient(baseAddress: "https://localhost");

        var login = await AuthClient.ApiLoginAsync(browser, "alice@example.com", "alice-password");

        var cookie = SetCookie.Find(login.Headers, "__Host-sessionid")!;
        Assert.True(cookie.Has("secure"));
        Assert.Equal("/", cookie["path"]);
        Assert.False(cookie.Has("domain"));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/me")).StatusCode);
    }

    [Theory]
    [InlineData("__%48ost-sessionid")]
    [InlineData("__%48%6Fst-sessionid")]
    [InlineData("%5F%5FHost-sessionid")]
    [InlineData("__host-sessionid")]
    [InlineData("__HOST-sessionid")]
    [InlineData("__Host-sessionid ")]
    public async Task LookAlikeCookieName_IsNotReadAsTheHostPrefixedSessionCookie(string spoofedName)
    {
        // A sibling subdomain or a plain-HTTP page can set these names (browsers only guard the exact prefix).
        await using var app = new EngineApp("db", redis, HostPrefixed);
        using var browser = app.CreateClient(baseAddress: "https://localhost");
        var key = SetCookie.Find((await AuthClient.ApiLoginAsync(browser, "alice@example.com", "alice-password")).Headers, "__Host-sessionid")!.Value;
        using var attacker = app.CreateClient(handleCookies: false, baseAddress: "https://localhost");

        var genuine = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        genuine.Headers.Add("Cookie", $"__Host-sessionid={key}");
        var spoofed = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        spoofed.Headers.TryAddWithoutValidation("Cookie", $"{spoofedName}={key}");

        Assert.Equal(HttpStatusCode.OK, (await attacker.SendAsync(genuine)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await attacker.SendAsync(spoofed)).StatusCode);
    }

    [Theory]
    [InlineData("__Host-sessionid", "false", "/", null, "must be Secure")]
    [InlineData("__Host-sessionid", "true", "/app", null, "must have Path=/")]
    [InlineData("__Host-sessionid", "true", "/", "example.com", "must not have a Domain")]
    [InlineData("__host-sessionid", "false", "/", null, "must be Secure")]
    [InlineData("__Secure-sessionid", "false", "/", null, "must be Secure")]
    public async Task PrefixedName_WhoseRulesAreBroken_StopsStart_SayingWhy(string name, string secure, string path, string? domain, string reason)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => SessionTestHost.StartAsync(new()
        {
            ["Session:CookieName"] = name,
            ["Session:CookieSecure"] = secure,
            ["Session:CookiePath"] = path,
            ["Session:CookieDomain"] = domain,
        }));

        Assert.Contains("Session:CookieName", error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public async Task SecurePrefixedName_WithCookieSecure_Starts_AndIsIssuedSecure()
    {
        await using var host = await SessionTestHost.StartAsync(new()
        {
            ["Session:CookieName"] = "__Secure-sessionid",
            ["Session:CookieSecure"] = "true",
        });

        var response = await host.SendAsync(HttpMethod.Post, "/write?value=x");

        Assert.True(SetCookie.Find(response.Headers, "__Secure-sessionid")!.Has("secure"));
    }

    private static Dictionary<string, string?> HostPrefixed => new()
    {
        ["Session:CookieName"] = "__Host-sessionid",
        ["Session:CookieSecure"] = "true",
    };
}
