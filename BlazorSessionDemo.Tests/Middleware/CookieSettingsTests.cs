using Microsoft.EntityFrameworkCore;

namespace BlazorSessionDemo.Tests.Middleware;

/// <summary>Every SESSION_COOKIE_* setting reaches the Set-Cookie header.</summary>
public sealed class CookieSettingsTests
{
    [Fact]
    public async Task Defaults_AreDjangos()
    {
        await using var host = await SessionTestHost.StartAsync();

        var response = await host.SendAsync(HttpMethod.Post, "/write?value=x");

        var cookie = SetCookie.Find(response.Headers, "sessionid")!;
        Assert.Equal("1209600", cookie["max-age"]);
        Assert.Equal(host.Time.GetUtcNow().AddSeconds(1209600).ToString("R"), cookie["expires"]);
        Assert.Equal("/", cookie["path"]);
        Assert.Equal("lax", cookie["samesite"]);
        Assert.True(cookie.Has("httponly"));
        Assert.False(cookie.Has("secure"));
        Assert.False(cookie.Has("domain"));
    }

    [Fact]
    public async Task EverySetting_IsApplied()
    {
        await using var host = await SessionTestHost.StartAsync(new()
        {
            ["Session:CookieName"] = "sid",
            ["Session:CookieAge"] = "60",
            ["Session:CookiePath"] = "/app",
            ["Session:CookieDomain"] = "example.com",
            ["Session:CookieSecure"] = "true",
            ["Session:CookieHttpOnly"] = "false",
            ["Session:CookieSameSite"] = "Strict",
        });

        var response = await host.SendAsync(HttpMethod.Post, "/write?value=x");

        var cookie = SetCookie.Find(response.Headers, "sid")!;
        Assert.Equal("60", cookie["max-age"]);
        Assert.Equal("/app", cookie["path"]);
        Assert.Equal("example.com", cookie["domain"]);
        Assert.True(cookie.Has("secure"));
        Assert.False(cookie.Has("httponly"));
        Assert.Equal("strict", cookie["samesite"]);
        Assert.Null(SetCookie.Find(response.Headers, "sessionid"));
    }

    [Fact]
    public async Task FlushDeletion_UsesConfiguredPathAndDomain()
    {
        await using var host = await SessionTestHost.StartAsync(new()
        {
            ["Session:CookiePath"] = "/app",
            ["Session:CookieDomain"] = "example.com",
        });
        var key = await host.CreateSessionAsync();

        var response = await host.SendAsync(HttpMethod.Post, "/flush", key);

        var cookie = SetCookie.Find(response.Headers, "sessionid")!;
        Assert.True(cookie.IsDeletion);
        Assert.Equal("/app", cookie["path"]);
        Assert.Equal("example.com", cookie["domain"]);
    }

    [Fact]
    public async Task EmptySameSite_LeavesAttributeOut()
    {
        await using var host = await SessionTestHost.StartAsync(new() { ["Session:CookieSameSite"] = "" });

        var response = await host.SendAsync(HttpMethod.Post, "/write?value=x");

        Assert.False(SetCookie.Find(response.Headers, "sessionid")!.Has("samesite"));
    }

    [Fact]
    public async Task ExpireAtBrowserClose_SetsNoMaxAgeNorExpires()
    {
        await using var host = await SessionTestHost.StartAsync(new() { ["Session:ExpireAtBrowserClose"] = "true" });

        var response = await host.SendAsync(HttpMethod.Post, "/write?value=x");

        var cookie = SetCookie.Find(response.Headers, "sessionid")!;
        Assert.False(cookie.Has("max-age"));
        Assert.False(cookie.Has("expires"));
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(300, "300")]
    public async Task PerSessionExpiry_DrivesCookieMaxAge(int seconds, string? expectedMaxAge)
    {
        await using var host = await SessionTestHost.StartAsync();

        var response = await host.SendAsync(HttpMethod.Post, $"/expiry?seconds={seconds}");

        Assert.Equal(expectedMaxAge, SetCookie.Find(response.Headers, "sessionid")!["max-age"]);
    }

    [Fact]
    public async Task SaveEveryRequest_RefreshesCookieAndExpiryOnRead()
    {
        await using var host = await SessionTestHost.StartAsync(new() { ["Session:SaveEveryRequest"] = "true" });
        var key = await host.CreateSessionAsync();
        host.Time.Advance(TimeSpan.FromHours(1));

        var response = await host.SendAsync(HttpMethod.Get, "/read", key);

        Assert.Equal(key, SetCookie.Find(response.Headers, "sessionid")!.Value);
        await using var db = host.Database.CreateContext();
        var row = await db.DjangoSessions.SingleAsync(s => s.SessionKey == key);
        Assert.Equal(host.Time.GetUtcNow().UtcDateTime.AddSeconds(1209600), row.ExpireDate);
    }

    [Fact]
    public async Task WithoutSaveEveryRequest_ReadLeavesExpiryAlone()
    {
        await using var host = await SessionTestHost.StartAsync();
        var key = await host.CreateSessionAsync();
        var created = host.Time.GetUtcNow().UtcDateTime;
        host.Time.Advance(TimeSpan.FromHours(1));

        var response = await host.SendAsync(HttpMethod.Get, "/read", key);

        Assert.Empty(SetCookie.All(response.Headers));
        await using var db = host.Database.CreateContext();
        var row = await db.DjangoSessions.SingleAsync(s => s.SessionKey == key);
        Assert.Equal(created.AddSeconds(1209600), row.ExpireDate);
    }

    [Fact]
    public async Task SaveEveryRequest_DoesNotCreateSessionsForAnonymousRequests()
    {
        await using var host = await SessionTestHost.StartAsync(new() { ["Session:SaveEveryRequest"] = "true" });

        var response = await host.SendAsync(HttpMethod.Get, "/read");

        Assert.Empty(SetCookie.All(response.Headers));
        Assert.Equal(0, await host.Database.CountSessionsAsync());
    }
}
