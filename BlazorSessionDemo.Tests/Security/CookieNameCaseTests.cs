using System.Net;
using System.Text.RegularExpressions;
using DjangoSessions.Http;
using BlazorSessionDemo.Tests.Cookies;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace BlazorSessionDemo.Tests.Security;

/// <summary>
/// Issue 12, hole 6: cookie names are case-sensitive (RFC 6265), ASP.NET Core's <c>Request.Cookies</c> is not. A
/// cookie whose name differs from one of the app's own only in case (planted by a sibling subdomain, a plain-HTTP page
/// or a careless script) must neither knock out the session nor break the antiforgery check, whichever comes first
/// in the Cookie header; and the cookie lab refuses to set or delete such a name.
/// </summary>
public sealed partial class CookieNameCaseTests
{
    [Theory]
    [InlineData("SESSIONID=x; sessionid={0}")]
    [InlineData("sessionid={0}; SESSIONID=x")]
    [InlineData("SessionId=00000000000000000000000000000000; sessionid={0}")]
    [InlineData("sessionid={0}; SessionId=00000000000000000000000000000000")]
    public async Task Session_SurvivesACaseVariantSibling_InEitherOrder(string cookieHeader)
    {
        await using var host = await SessionTestHost.StartAsync();
        var key = await host.CreateSessionAsync("kept");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/read");
        request.Headers.Add("Cookie", string.Format(cookieHeader, key));
        var response = await host.Client.SendAsync(request);

        Assert.Equal("kept", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("Set-Cookie"), "the session cookie must not be deleted");
        Assert.True(await host.Database.RowExistsAsync(key));
    }

    [Fact]
    public async Task Session_IsNotReadFromACaseVariantAlone()
    {
        await using var host = await SessionTestHost.StartAsync();
        var key = await host.CreateSessionAsync("kept");

        var response = await host.SendAsync(HttpMethod.Get, "/read", key, cookieName: "SESSIONID");

        Assert.Equal("(none)", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("SESSIONID=x; sessionid=k1", "k1")]
    [InlineData("sessionid=k1; SESSIONID=x", "k1")]
    [InlineData("a=1;sessionid=k1", "k1")]
    [InlineData("sessionid=\"k1\"", "k1")]
    [InlineData("sessionid=k1; sessionid=k2", "k1")]
    [InlineData("SESSIONID=k1", null)]
    [InlineData("sessionid =k1", null)]
    [InlineData("xsessionid=k1; sessionidx=k2", null)]
    [InlineData("session%69d=k1", null)]
    public void SessionCookieReader_TakesOnlyTheExactName_FromTheRawHeader(string cookieHeader, string? expected)
    {
        // The framework's own reader, without the app's guard in front of it.
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = cookieHeader;

        var found = SessionCookie.TryRead(context.Request, "sessionid", out var value);

        Assert.Equal(expected is not null, found);
        Assert.Equal(expected, value);
    }

    [Fact]
    public void SessionCookieReader_ReadsEveryCookieHeader()
    {
        var context = new DefaultHttpContext();
        // A null line (only code that sets the header itself can hand one) is skipped, not a crash.
        context.Request.Headers.Cookie = new StringValues(["SESSIONID=x", null, "other=1; sessionid=k2"]);

        Assert.True(SessionCookie.TryRead(context.Request, "sessionid", out var value));
        Assert.Equal("k2", value);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task FormPost_SurvivesALowerCaseAntiforgerySibling_InEitherOrder(bool siblingFirst)
    {
        await using var app = new AppFactory();
        var client = app.CreateClient(new() { HandleCookies = false, AllowAutoRedirect = false });
        var name = app.Services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.Name!;
        var page = await client.GetAsync("/cookies");
        var antiforgery = SetCookie.All(page.Headers).Single(c => c.Name == name);
        var token = WebUtility.HtmlDecode(TokenPattern().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value);
        var real = $"{name}={antiforgery.Value}";
        var sibling = $"{name.ToLowerInvariant()}=CfDJ8planted-by-a-sibling-subdomain";
        Assert.NotEqual(name, name.ToLowerInvariant());

        using var post = new HttpRequestMessage(HttpMethod.Post, "/cookies")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "set-cookie",
                ["__RequestVerificationToken"] = token,
                ["Input.Key"] = "flavour",
                ["Input.Value"] = "oatmeal",
                ["Input.Path"] = "/",
            }),
        };
        post.Headers.Add("Cookie", siblingFirst ? $"{sibling}; {real}" : $"{real}; {sibling}");
        var response = await client.SendAsync(post);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(SetCookie.All(response.Headers), c => c.Name == "flavour" && c.Value == "oatmeal");
    }

    [Theory]
    [InlineData("SessionID")]
    [InlineData("SESSIONID")]
    public async Task CookieLab_RefusesToSetOrDeleteACaseVariantOfTheSessionCookie(string variant)
    {
        await using var app = new AppFactory();
        var client = app.CreateBrowserLikeClient();

        var set = await CookiesPageClient.SetAsync(client, new() { ["Key"] = variant, ["Value"] = "x", ["Path"] = "/" });
        var delete = await CookiesPageClient.DeleteAsync(client, new() { ["Key"] = variant, ["Path"] = "/" });

        Assert.Contains(set.MessagesAt("set-key-field"), m => m.Contains("only in case") && m.Contains("sessionid"));
        Assert.Contains(delete.MessagesAt("delete-key-field"), m => m.Contains("only in case"));
        Assert.Empty(set.SetCookieHeadersFor(variant));
        Assert.Empty(delete.SetCookieHeadersFor(variant));
        Assert.Null(set.Page.GetElementById("set-result"));
    }

    [Fact]
    public async Task CookieLab_RefusesToSetOrDeleteACaseVariantOfTheAntiforgeryCookie()
    {
        await using var app = new AppFactory();
        var client = app.CreateBrowserLikeClient();
        var variant = app.Services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.Name!.ToLowerInvariant();

        var set = await CookiesPageClient.SetAsync(client, new() { ["Key"] = variant, ["Value"] = "x", ["Path"] = "/" });
        var delete = await CookiesPageClient.DeleteAsync(client, new() { ["Key"] = variant, ["Path"] = "/" });

        Assert.Contains(set.MessagesAt("set-key-field"), m => m.Contains("only in case") && m.Contains("antiforgery"));
        Assert.Contains(delete.MessagesAt("delete-key-field"), m => m.Contains("only in case"));
        Assert.Empty(set.SetCookieHeadersFor(variant));
        Assert.Empty(delete.SetCookieHeadersFor(variant));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
