using System.Net;
using BlazorSessionDemo.Components.Pages.Account;
using BlazorSessionDemo.Tests.Auth;
using BlazorSessionDemo.Tests.Engines.Redis;

namespace BlazorSessionDemo.Tests.Security;

/// <summary>The login form under the same limits as the API: a 429 page with the reason and Retry-After, one shared count.</summary>
public sealed class LoginFormThrottleTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task AfterTenFailedForms_TheNextIs429_WithTheReason_RetryAfter_NoBcrypt_NoSession()
    {
        await using var app = new EngineApp("db", redis);
        using var bcrypt = new BcryptCounter(app.Services);
        using var browser = app.CreateClient();
        for (var i = 0; i < 10; i++)
        {
            var failed = await AuthClient.FormLoginAsync(browser, "alice", $"wrong-{i}");
            Assert.Contains(WebUtility.HtmlEncode(Login.InvalidLoginMessage), await failed.Content.ReadAsStringAsync());
        }

        var refused = await AuthClient.FormLoginAsync(browser, "alice", "alice-password");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(900), refused.Headers.RetryAfter?.Delta);
        Assert.Contains($"id=\"login-error\">{WebUtility.HtmlEncode(Login.ThrottledMessage(900))}<", await refused.Content.ReadAsStringAsync());
        Assert.Equal(10, bcrypt.Count);
        Assert.Null(SetCookie.Find(refused.Headers, AuthClient.CookieName));
        Assert.Equal(0, await app.Database.CountSessionsAsync());
    }

    [Fact]
    public async Task FormAndApi_ShareOneCount()
    {
        await using var app = new EngineApp("db", redis);
        using var browser = app.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await AuthClient.ApiLoginAsync(browser, "alice@example.com", $"wrong-{i}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await AuthClient.FormLoginAsync(browser, "alice", $"wrong-{i}")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await AuthClient.FormLoginAsync(browser, "alice", "alice-password")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await AuthClient.ApiLoginAsync(browser, "alice@example.com", "alice-password")).StatusCode);
    }
}
