using System.Net;
using BlazorSessionDemo.Tests.Auth;
using BlazorSessionDemo.Tests.Engines.Redis;

namespace BlazorSessionDemo.Tests.Security;

/// <summary>
/// ASVS 5.0 V14.3.2 / OWASP session cheat sheet: nothing a logged-in user sees, and no response that logs someone in
/// or out, may be kept by a browser or proxy cache (Django's login and logout views are <c>never_cache</c>).
/// The API side of logged-in responses is covered by <c>NoStoreTests</c>.
/// </summary>
public sealed class CacheControlTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    public static TheoryData<string> Pages => ["/", "/backend", "/session", "/cookies", "/settings", "/session_test/", "/login"];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task EveryPage_SeenLoggedIn_IsNoStore(string path)
    {
        await using var app = new EngineApp("db", redis);
        using var browser = app.CreateClient();
        await AuthClient.FormLoginAsync(browser, "alice", "alice-password");

        var page = await browser.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.True(page.Headers.CacheControl?.NoStore, $"{path}: Cache-Control {page.Headers.CacheControl}");
    }

    [Fact]
    public async Task LoginAndLogoutResponses_AreNoStore()
    {
        await using var app = new EngineApp("db", redis);
        using var browser = app.CreateClient();

        var apiLogin = await AuthClient.ApiLoginAsync(browser, "alice@example.com", "alice-password");
        var apiLogout = await browser.PostAsync("/api/logout", null);
        var formLogin = await AuthClient.FormLoginAsync(browser, "alice", "alice-password");
        var formLogout = await AuthClient.PostLogoutFormAsync(browser);

        Assert.All([apiLogin, apiLogout, formLogin, formLogout], response =>
            Assert.True(response.Headers.CacheControl?.NoStore, $"{response.RequestMessage!.RequestUri}: {(int)response.StatusCode} Cache-Control {response.Headers.CacheControl}"));
    }
}
