using System.Net;
using BlazorSessionDemo.Components.Pages.Cookies;
using Microsoft.AspNetCore.Antiforgery;

namespace BlazorSessionDemo.Tests.Cookies;

/// <summary>
/// <c>response.delete_cookie(...)</c>, <c>request.COOKIES</c> and the app's own cookies: the session cookie and the
/// antiforgery cookie are listed masked and cannot be set or deleted from the page.
/// </summary>
public sealed class CookiesPageDeleteAndListTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private readonly HttpClient _client;

    public CookiesPageDeleteAndListTests() => _client = _app.CreateBrowserLikeClient();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Delete_WritesAnExpiredEmptyCookie_WithMaxAgeZeroAsDjango_AndShowsItVerbatim()
    {
        var answer = await CookiesPageClient.DeleteAsync(_client, new() { ["Key"] = "flavour", ["Path"] = "/shop" });

        // Django's delete_cookie: max_age=0 and expires='Thu, 01 Jan 1970 00:00:00 GMT', both sent.
        const string expected = "flavour=; expires=Thu, 01 Jan 1970 00:00:00 GMT; max-age=0; path=/shop";
        Assert.Equal(HttpStatusCode.OK, answer.Response.StatusCode);
        Assert.Equal([expected], answer.SetCookieHeadersFor("flavour"));
        Assert.Equal("Set-Cookie: " + expected, answer.Text("delete-header"));
        Assert.Equal("response.delete_cookie('flavour', path='/shop')", answer.Text("delete-django-call"));
        Assert.Equal("Response.Cookies.Append(\"flavour\", \"\", new CookieOptions { Path = \"/shop\", Expires = DateTimeOffset.UnixEpoch, MaxAge = TimeSpan.Zero });",
            answer.Text("delete-dotnet-call"));
    }

    [Fact]
    public async Task SetThenDelete_CookieIsListedThenGone()
    {
        await CookiesPageClient.SetAsync(_client, new() { ["Key"] = "flavour", ["Value"] = "oatmeal", ["Path"] = "/", ["MaxAge"] = "600" });
        Assert.Equal("oatmeal", (await CookiesPageClient.GetAsync(_client)).ListedValue("flavour"));

        await CookiesPageClient.DeleteAsync(_client, new() { ["Key"] = "flavour", ["Path"] = "/" });

        Assert.Null((await CookiesPageClient.GetAsync(_client)).ListedValue("flavour"));
    }

    [Fact]
    public async Task RequestCookies_AreListed_SessionAndAntiforgeryValuesMasked()
    {
        // request.COOKIES is only what the Cookie header says, so a hand-written header shows the listing exactly.
        var client = _app.CreateClient(new() { HandleCookies = false });
        var antiforgery = AntiforgeryCookieName();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/cookies");
        request.Headers.Add("Cookie", $"flavour=oatmeal; sessionid=abcd1234secretsessionkey; {antiforgery}=CfDJ8secrettoken; note=a%20b");

        var answer = await CookiesPageAnswer.ReadAsync(await client.SendAsync(request));

        Assert.Equal("oatmeal", answer.ListedValue("flavour"));
        Assert.Equal("a b", answer.ListedValue("note"));
        Assert.Equal("abcd…", answer.ListedValue("sessionid"));
        Assert.Equal("CfDJ…", answer.ListedValue(antiforgery));
        var html = answer.Page.DocumentElement.OuterHtml;
        Assert.DoesNotContain("secretsessionkey", html);
        Assert.DoesNotContain("secrettoken", html);
    }

    [Fact]
    public async Task NoCookies_SaysSo()
    {
        var client = _app.CreateClient(new() { HandleCookies = false });

        var answer = await CookiesPageAnswer.ReadAsync(await client.GetAsync("/cookies"));

        Assert.NotNull(answer.Page.GetElementById("no-cookies"));
    }

    [Fact]
    public async Task SetOrDelete_SessionCookie_IsRefused_WithTheReason()
    {
        var write = await AntiforgeryForm.PostAsync(_client, "/session_test/", "write");
        var sessionKey = SetCookie.Find(write.Headers, "sessionid")!.Value;

        var set = await CookiesPageClient.SetAsync(_client, new() { ["Key"] = "sessionid", ["Value"] = "attacker-chosen-key", ["Path"] = "/" });
        var delete = await CookiesPageClient.DeleteAsync(_client, new() { ["Key"] = "sessionid", ["Path"] = "/" });

        Assert.Contains(set.MessagesAt("set-key-field"), m => m.Contains("session cookie") && m.Contains("session fixation"));
        Assert.Contains(delete.MessagesAt("delete-key-field"), m => m.Contains("session cookie"));
        Assert.Empty(set.SetCookieHeadersFor("sessionid"));
        Assert.Empty(delete.SetCookieHeadersFor("sessionid"));
        Assert.True(await _app.Database.RowExistsAsync(sessionKey));
    }

    [Fact]
    public async Task SetOrDelete_AntiforgeryCookie_IsRefused_WithTheReason()
    {
        var name = AntiforgeryCookieName();

        var set = await CookiesPageClient.SetAsync(_client, new() { ["Key"] = name, ["Value"] = "x", ["Path"] = "/" });
        var delete = await CookiesPageClient.DeleteAsync(_client, new() { ["Key"] = name, ["Path"] = "/" });

        Assert.Contains(set.MessagesAt("set-key-field"), m => m.Contains("antiforgery cookie"));
        Assert.Contains(delete.MessagesAt("delete-key-field"), m => m.Contains("antiforgery cookie"));
        Assert.Empty(set.SetCookieHeadersFor(name));
        Assert.Empty(delete.SetCookieHeadersFor(name));
        Assert.Null(set.Page.GetElementById("set-result"));
    }

    private string AntiforgeryCookieName()
    {
        var name = _app.Services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.Name!;
        Assert.StartsWith(ProtectedCookies.AntiforgeryPrefix, name);
        return name;
    }
}
