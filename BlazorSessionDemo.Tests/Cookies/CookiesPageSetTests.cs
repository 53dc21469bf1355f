using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BlazorSessionDemo.Tests.Cookies;

/// <summary>
/// <c>response.set_cookie(...)</c> through the /cookies page: each attribute ends up in the exact Set-Cookie header
/// ASP.NET Core writes, and the page shows that header verbatim beside the Django and .NET calls. The clock is frozen
/// so the Expires that max_age implies (Django: "IE requires expires") is exact.
/// </summary>
public sealed class CookiesPageSetTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FrozenClockApp _site = new(Now);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Theory]
    [InlineData("", "", "", "", false, false, "", "flavour=oatmeal; path=/")]
    [InlineData("60", "", "", "", false, false, "", "flavour=oatmeal; expires=Tue, 01 Jan 2030 12:01:00 GMT; max-age=60; path=/")]
    [InlineData("0", "", "", "", false, false, "", "flavour=oatmeal; expires=Tue, 01 Jan 2030 12:00:00 GMT; max-age=0; path=/")]
    [InlineData("", "2031-02-03T04:05", "", "", false, false, "", "flavour=oatmeal; expires=Mon, 03 Feb 2031 04:05:00 GMT; path=/")]
    [InlineData("", "", "/shop", "", false, false, "", "flavour=oatmeal; path=/shop")]
    [InlineData("", "", "/", "localhost", false, false, "", "flavour=oatmeal; domain=localhost; path=/")]
    [InlineData("", "", "/", "", true, false, "", "flavour=oatmeal; path=/; secure")]
    [InlineData("", "", "/", "", false, true, "", "flavour=oatmeal; path=/; httponly")]
    [InlineData("", "", "/", "", false, false, "Lax", "flavour=oatmeal; path=/; samesite=lax")]
    [InlineData("", "", "/", "", false, false, "Strict", "flavour=oatmeal; path=/; samesite=strict")]
    [InlineData("", "", "/", "", true, false, "None", "flavour=oatmeal; path=/; secure; samesite=none")]
    [InlineData("3600", "", "/shop", ".localhost", true, true, "Strict",
        "flavour=oatmeal; expires=Tue, 01 Jan 2030 13:00:00 GMT; max-age=3600; domain=.localhost; path=/shop; secure; samesite=strict; httponly")]
    public async Task Set_EachAttribute_WritesExactHeader_AndShowsItVerbatim(
        string maxAge, string expires, string path, string domain, bool secure, bool httpOnly, string sameSite, string expected)
    {
        var fields = new Dictionary<string, string>
        {
            ["Key"] = "flavour", ["Value"] = "oatmeal", ["MaxAge"] = maxAge, ["Expires"] = expires,
            ["Path"] = path.Length == 0 ? "/" : path, ["Domain"] = domain, ["SameSite"] = sameSite,
        };
        if (secure)
        {
            fields["Secure"] = "true";
        }
        if (httpOnly)
        {
            fields["HttpOnly"] = "true";
        }

        var answer = await CookiesPageClient.SetAsync(_site.Client, fields);

        Assert.Equal(HttpStatusCode.OK, answer.Response.StatusCode);
        Assert.Equal([expected], answer.SetCookieHeadersFor("flavour"));
        Assert.Equal("Set-Cookie: " + expected, answer.Text("set-header"));
        Assert.Empty(answer.AllMessages());
    }

    [Fact]
    public async Task Set_ShowsTheDjangoCallAndTheDotNetCallItMirrors()
    {
        var answer = await CookiesPageClient.SetAsync(_site.Client, new()
        {
            ["Key"] = "flavour", ["Value"] = "oatmeal", ["MaxAge"] = "60", ["Path"] = "/shop",
            ["Secure"] = "true", ["HttpOnly"] = "true", ["SameSite"] = "Lax",
        });

        Assert.Equal("response.set_cookie('flavour', 'oatmeal', max_age=60, path='/shop', secure=True, httponly=True, samesite='Lax')",
            answer.Text("set-django-call"));
        Assert.Equal("Response.Cookies.Append(\"flavour\", \"oatmeal\", new CookieOptions { MaxAge = TimeSpan.FromSeconds(60), "
            + "Expires = time.GetUtcNow().AddSeconds(60), Path = \"/shop\", Secure = true, HttpOnly = true, SameSite = SameSiteMode.Lax });",
            answer.Text("set-dotnet-call"));
    }

    [Fact]
    public async Task Set_ExpiresAsDate_IsWrittenAsDjangosDatetimeArgument()
    {
        var answer = await CookiesPageClient.SetAsync(_site.Client, new() { ["Key"] = "k", ["Value"] = "v", ["Path"] = "/", ["Expires"] = "2031-02-03T04:05" });

        Assert.Equal("response.set_cookie('k', 'v', expires=datetime(2031, 2, 3, 4, 5, 0, tzinfo=timezone.utc))", answer.Text("set-django-call"));
    }

    [Fact]
    public async Task Set_ValueWithSeparators_IsPercentEncoded_SaysSo_AndReadsBackDecoded()
    {
        var answer = await CookiesPageClient.SetAsync(_site.Client, new() { ["Key"] = "note", ["Value"] = "a b;c,\"d\"", ["Path"] = "/" });

        Assert.Equal(["note=a%20b%3Bc%2C%22d%22; path=/"], answer.SetCookieHeadersFor("note"));
        Assert.NotNull(answer.Page.GetElementById("set-value-encoded"));
        // Request.Cookies (like request.COOKIES) hands back the value that was set.
        Assert.Equal("a b;c,\"d\"", (await CookiesPageClient.GetAsync(_site.Client)).ListedValue("note"));
    }

    [Fact]
    public async Task Set_PlainValue_SaysNothingAboutEncoding()
    {
        var answer = await CookiesPageClient.SetAsync(_site.Client, new() { ["Key"] = "k", ["Value"] = "plain-value_1.0~", ["Path"] = "/" });

        Assert.Null(answer.Page.GetElementById("set-value-encoded"));
    }

    [Fact]
    public async Task GetWithoutPosting_SetsNoCookieOfItsOwn_AndShowsNoResult()
    {
        var answer = await CookiesPageClient.GetAsync(_site.Client);

        Assert.Null(answer.Page.GetElementById("set-result"));
        Assert.Null(answer.Page.GetElementById("delete-result"));
        Assert.Null(SetCookie.Find(answer.Response.Headers, "sessionid"));
    }
}
