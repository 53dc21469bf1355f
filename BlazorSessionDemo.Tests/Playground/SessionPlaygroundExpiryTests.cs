using System.Globalization;
using Microsoft.AspNetCore.Mvc.Testing;
using static BlazorSessionDemo.Tests.Playground.PlaygroundPage;

namespace BlazorSessionDemo.Tests.Playground;

/// <summary><c>set_expiry</c> on <c>/session</c>: the cookie's Max-Age, the row's expire_date and the get_expiry_* readings, on a frozen clock.</summary>
public sealed class SessionPlaygroundExpiryTests : IAsyncLifetime
{
    // Today, frozen: the client's cookie jar judges Expires by the real clock, so the frozen one must not lag behind it.
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    private static readonly DateTimeOffset Tomorrow = Now.AddDays(1);
    private readonly FrozenClockApp _site = new(Now);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task SetExpiry300_CookieMaxAge300_RowExpiresIn300Seconds()
    {
        var key = SessionCookie(await SetAsync(_site.Client, "k", "1"))!.Value;

        var response = await SetExpiryAsync("300");
        var html = await FollowAsync(_site.Client, response);

        Assert.Equal("300", SessionCookie(response)!["max-age"]);
        Assert.Equal(Now.AddSeconds(300), await ExpireDateAsync(key));
        Assert.Equal("request.session.set_expiry(300)", Text(html, "result-django"));
        Assert.Equal("session.SetExpiry(300);", Text(html, "result-dotnet"));
        Assert.Equal("300", Text(html, "expiry-age"));
        Assert.Equal("False", Text(html, "expire-at-browser-close"));
    }

    [Fact]
    public async Task SetExpiry0_CookieWithoutMaxAgeOrExpires_ExpiresAtBrowserClose()
    {
        await SetAsync(_site.Client, "k", "1");

        var response = await SetExpiryAsync("0");
        var html = await FollowAsync(_site.Client, response);

        var cookie = SessionCookie(response)!;
        Assert.False(cookie.Has("max-age"));
        Assert.False(cookie.Has("expires"));
        Assert.Equal("True", Text(html, "expire-at-browser-close"));
        // Still stored with SESSION_COOKIE_AGE, so clearsessions eventually removes it.
        Assert.Equal("1209600", Text(html, "expiry-age"));
    }

    [Fact]
    public async Task SetExpiryNone_BackToTheSettings_RemovesTheExpiryEntry()
    {
        var key = SessionCookie(await SetAsync(_site.Client, "k", "1"))!.Value;
        await SetExpiryAsync("300");

        var response = await SetExpiryAsync("None");
        var html = await FollowAsync(_site.Client, response);

        Assert.Equal("1209600", SessionCookie(response)!["max-age"]);
        Assert.False((await LoadAsync(_site.Site, key))!.ContainsKey("_session_expiry"));
        Assert.Equal("request.session.set_expiry(None)", Text(html, "result-django"));
    }

    [Fact]
    public async Task SetExpiryAbsoluteDate_StoresTheDate_CookieLastsUntilThen()
    {
        var key = SessionCookie(await SetAsync(_site.Client, "k", "1"))!.Value;

        var response = await SetExpiryAsync(Tomorrow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        var html = await FollowAsync(_site.Client, response);

        Assert.Equal("86400", SessionCookie(response)!["max-age"]);
        Assert.Equal(Tomorrow, await ExpireDateAsync(key));
        var iso = Tomorrow.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        var shown = Tomorrow.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
        Assert.StartsWith(iso, (await LoadAsync(_site.Site, key))!["_session_expiry"]!.GetValue<string>());
        Assert.Equal($"request.session.set_expiry(datetime.fromisoformat('{iso}+00:00'))", Text(html, "result-django"));
        Assert.Equal(shown, Text(html, "expiry-date"));
        Assert.Equal(shown, Text(html, "record-expire"));
    }

    [Fact]
    public async Task SetExpiry_Unreadable_ShowsMessageAtTheField_AndChangesNothing()
    {
        var key = SessionCookie(await SetAsync(_site.Client, "k", "1"))!.Value;

        var response = await SetExpiryAsync("next tuesday");

        Assert.NotNull(Text(await response.Content.ReadAsStringAsync(), "set_expiry-expiry-error"));
        Assert.Null(SessionCookie(response));
        Assert.False((await LoadAsync(_site.Site, key))!.ContainsKey("_session_expiry"));
    }

    [Fact]
    public async Task SetExpiryNegative_SaysTheSessionEndedAtOnce_AndWhy()
    {
        await SetAsync(_site.Client, "k", "1");

        var response = await SetExpiryAsync("-5");
        var html = await FollowAsync(_site.Client, response);

        Assert.Equal("-5", SessionCookie(response)!["max-age"]);
        Assert.NotNull(Text(html, "no-session"));
        Assert.Contains("A negative expiry ends the session at once, as Django's", Text(html, "result-note"));
        Assert.Contains("Max-Age=-5", html);
    }

    [Fact]
    public async Task SetExpiryPositive_HasNoNote()
    {
        await SetAsync(_site.Client, "k", "1");

        var html = await FollowAsync(_site.Client, await SetExpiryAsync("300"));

        Assert.Null(Text(html, "result-note"));
    }

    private Task<HttpResponseMessage> SetExpiryAsync(string expiry) =>
        PostAsync(_site.Client, "set_expiry", new() { ["expiry"] = expiry });

    private async Task<DateTimeOffset> ExpireDateAsync(string key)
    {
        await using var db = _site.App.Database.CreateContext();
        var row = db.DjangoSessions.Single(s => s.SessionKey == key);
        return new DateTimeOffset(DateTime.SpecifyKind(row.ExpireDate, DateTimeKind.Utc));
    }
}
