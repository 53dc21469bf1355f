
namespace BlazorSessionDemo.Tests.Middleware;

/// <summary>
/// Django's <c>response.delete_cookie(SESSION_COOKIE_NAME, path=..., domain=..., samesite=...)</c> sends both
/// <c>Max-Age=0</c> and <c>expires=Thu, 01 Jan 1970 00:00:00 GMT</c>; the session middleware sends both too, with the
/// cookie's own attributes, so every browser drops the cookie whichever attribute it honours.
/// </summary>
public sealed class CookieDeletionHeaderTests
{
    private const string Expected = "sessionid=; expires=Thu, 01 Jan 1970 00:00:00 GMT; max-age=0; path=/; samesite=lax; httponly";

    [Fact]
    public async Task Flush_DeletesTheCookie_WithMaxAgeZeroAndTheEpochExpires()
    {
        await using var host = await SessionTestHost.StartAsync();
        var key = await host.CreateSessionAsync();

        var response = await host.SendAsync(HttpMethod.Post, "/flush", key);

        Assert.Equal([Expected], response.Headers.GetValues("Set-Cookie"));
    }

    [Fact]
    public async Task UnknownKey_DeletesTheCookie_WithMaxAgeZeroAndTheEpochExpires()
    {
        await using var host = await SessionTestHost.StartAsync();

        var response = await host.SendAsync(HttpMethod.Get, "/read", "unknownkey0000000000000000000000");

        Assert.Equal([Expected], response.Headers.GetValues("Set-Cookie"));
    }

    [Fact]
    public async Task Flush_WithConfiguredPathDomainAndSecure_DeletesWithTheSameAttributes()
    {
        await using var host = await SessionTestHost.StartAsync(new()
        {
            ["Session:CookiePath"] = "/app",
            ["Session:CookieDomain"] = "example.com",
            ["Session:CookieSecure"] = "true",
            ["Session:CookieSameSite"] = "Strict",
        });
        var key = await host.CreateSessionAsync();

        var response = await host.SendAsync(HttpMethod.Post, "/flush", key);

        Assert.Equal(["sessionid=; expires=Thu, 01 Jan 1970 00:00:00 GMT; max-age=0; domain=example.com; path=/app; secure; samesite=strict; httponly"],
            response.Headers.GetValues("Set-Cookie"));
    }
}
