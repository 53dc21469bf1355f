using System.Net;

namespace BlazorSessionDemo.Tests.Auth;

/// <summary>
/// /backend is <c>[Authorize]</c>: anonymous visitors go to /login (Django's <c>login_required</c> with <c>next</c>),
/// a logged-in user sees the seed's "hello {username}", and the page is never stored by a cache.
/// </summary>
public sealed class BackendPageTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private readonly HttpClient _client;

    public BackendPageTests() => _client = _app.CreateBrowserLikeClient();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Anonymous_RedirectsToLogin_WithReturnUrl()
    {
        var response = await _client.GetAsync("/backend");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/login?returnUrl=%2Fbackend", AuthClient.RedirectTarget(response));
        Assert.Equal(0, await _app.Database.CountSessionsAsync());
    }

    [Fact]
    public async Task LoggedIn_SaysHello_ShowsUserInfo_AndIsNoStore()
    {
        var alice = await AppData.UserAsync(_app, "alice");
        await AuthClient.FormLoginAsync(_client, "alice", "alice-password");

        var response = await _client.GetAsync("/backend");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("<h1 id=\"hello\">hello alice</h1>", page);
        Assert.Contains($"id=\"user-info\">**{alice.Id} alice alice@example.com<", page);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task ApiLogin_AlsoOpensTheBackend_WithTheFiveMinuteExpiry()
    {
        await AuthClient.ApiLoginAsync(_client, "bob@example.com", "bob-password");

        var page = await _client.GetStringAsync("/backend");

        Assert.Contains("<h1 id=\"hello\">hello bob</h1>", page);
        Assert.Contains("5 minutes of inactivity", page);
    }
}
