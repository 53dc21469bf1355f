using System.Net;

namespace BlazorSessionDemo.Tests.Auth;

/// <summary>
/// /logout: POST with an antiforgery token only (Django 5's LogoutView refuses GET, so a link or an img tag on another
/// site cannot log anyone out); it flushes the session (row and cookie gone) and returns to /login.
/// </summary>
public sealed class LogoutPageTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private HttpClient _client = null!;
    private string _key = null!;

    public async Task InitializeAsync()
    {
        _client = _app.CreateBrowserLikeClient();
        _key = AuthClient.SessionKeyOf(await AuthClient.FormLoginAsync(_client, "alice", "alice-password"));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Get_Is405_AndTheUserStaysLoggedIn()
    {
        var response = await _client.GetAsync("/logout");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("POST", response.Content.Headers.Allow.Single());
        await AssertStillLoggedInAsync();
    }

    [Fact]
    public async Task PostWithoutAntiforgeryToken_Is400_AndTheUserStaysLoggedIn()
    {
        var response = await _client.PostAsync("/logout", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertStillLoggedInAsync();
    }

    [Fact]
    public async Task PostWithToken_RedirectsToLogin_DeletesRowAndCookie()
    {
        var response = await AuthClient.PostLogoutFormAsync(_client);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/login?loggedOut=1", AuthClient.RedirectTarget(response));
        Assert.True(SetCookie.Find(response.Headers, AuthClient.CookieName)?.IsDeletion, "the sessionid cookie was not deleted");
        Assert.False(await _app.Database.RowExistsAsync(_key));
        Assert.Equal(0, await _app.Database.CountSessionsAsync());
    }

    [Fact]
    public async Task AfterLogout_BackendRedirectsToLogin_AndLoginSaysLoggedOut()
    {
        var logout = await AuthClient.PostLogoutFormAsync(_client);

        var backend = await _client.GetAsync("/backend");
        var login = await _client.GetStringAsync(AuthClient.RedirectTarget(logout));

        Assert.Equal(HttpStatusCode.Found, backend.StatusCode);
        Assert.Equal("/login?returnUrl=%2Fbackend", AuthClient.RedirectTarget(backend));
        Assert.Contains("id=\"logged-out\"", login);
        Assert.DoesNotContain("id=\"nav-user\"", login);
    }

    [Fact]
    public async Task OldCookieReplayedAfterLogout_OpensNothing()
    {
        await AuthClient.PostLogoutFormAsync(_client);
        using var replay = AuthClient.CreateCookielessClient(_app);

        var backend = await AuthClient.SendWithSessionAsync(replay, HttpMethod.Get, "/backend", _key);

        Assert.Equal(HttpStatusCode.Found, backend.StatusCode);
        Assert.False(await _app.Database.RowExistsAsync(_key));
    }

    private async Task AssertStillLoggedInAsync()
    {
        Assert.True(await _app.Database.RowExistsAsync(_key));
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/me")).StatusCode);
        Assert.Contains("hello alice", await _client.GetStringAsync("/backend"));
    }
}
