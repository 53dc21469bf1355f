using System.Net;
using System.Text.Json.Nodes;
using BlazorSessionDemo.Tests.Auth;

namespace BlazorSessionDemo.Tests.Api;

/// <summary>
/// <c>POST /api/logout</c>, the seed's <c>@authenticate</c>-guarded view: <c>"{user_id} logout ok."</c> and
/// <c>request.session.flush()</c>, so the stored session and the cookie are both gone and the old key is worthless.
/// </summary>
public sealed class ApiLogoutTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private readonly HttpClient _client;

    public ApiLogoutTests() => _client = _app.CreateBrowserLikeClient();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Logout_WithSessionUser_AnswersLogoutOk_DeletesRowAndCookie()
    {
        var alice = await AppData.UserAsync(_app, "alice");
        var key = AuthClient.SessionKeyOf(await AuthClient.ApiLoginAsync(_client, "alice@example.com", "alice-password"));

        var response = await _client.PostAsync("/api/logout", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"{alice.Id} logout ok.", await response.Content.ReadAsStringAsync());
        Assert.True(SetCookie.Find(response.Headers, AuthClient.CookieName)?.IsDeletion, "the sessionid cookie was not deleted");
        Assert.False(await _app.Database.RowExistsAsync(key));
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task Logout_WithoutSession_Returns401Json()
    {
        var response = await _client.PostAsync("/api/logout", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())?["error"]);
        Assert.Null(SetCookie.Find(response.Headers, AuthClient.CookieName));
        Assert.Equal(0, await _app.Database.CountSessionsAsync());
    }

    [Fact]
    public async Task Logout_WithAnonymousSession_Returns401_AndLeavesThatSessionAlone()
    {
        // A session without user_id is not a login: the filter stops the view before it can flush anything.
        var key = AuthClient.SessionKeyOf(await AntiforgeryForm.PostAsync(_client, "/session_test/", "write"));

        var response = await _client.PostAsync("/api/logout", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("hello", (await AppData.ReadSessionAsync(_app, key))?["h1"]?.GetValue<string>());
    }

    [Fact]
    public async Task OldCookieReplayedAfterLogout_IsAnonymous_AndCreatesNoRow()
    {
        var key = AuthClient.SessionKeyOf(await AuthClient.ApiLoginAsync(_client, "alice@example.com", "alice-password"));
        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsync("/api/logout", null)).StatusCode);
        using var replay = AuthClient.CreateCookielessClient(_app);

        var me = await AuthClient.SendWithSessionAsync(replay, HttpMethod.Get, "/api/me", key);
        var test1 = await AuthClient.SendWithSessionAsync(replay, HttpMethod.Get, "/api/test1", key);
        var logoutAgain = await AuthClient.SendWithSessionAsync(replay, HttpMethod.Post, "/api/logout", key);

        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, test1.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, logoutAgain.StatusCode);
        Assert.Equal(0, await _app.Database.CountSessionsAsync());
    }
}
