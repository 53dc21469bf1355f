using System.Net;

namespace BlazorSessionDemo.Tests.Auth;

/// <summary>
/// The session only names a user; whether that user may act is checked on every request (Django's
/// <c>get_user()</c> returns AnonymousUser for a deleted or inactive user), so disabling an account ends its sessions.
/// </summary>
public sealed class InactiveSessionUserTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private readonly HttpClient _client;

    public InactiveSessionUserTests() => _client = _app.CreateBrowserLikeClient();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task UserDeactivatedAfterLogin_IsAnonymous()
    {
        await LogInAliceAsync();

        await AppData.SetActiveAsync(_app, "alice", active: false);

        await AssertAnonymousAsync();
    }

    [Fact]
    public async Task UserDeletedAfterLogin_IsAnonymous()
    {
        await LogInAliceAsync();

        await AppData.DeleteUserAsync(_app, "alice");

        await AssertAnonymousAsync();
    }

    private async Task LogInAliceAsync()
    {
        Assert.Equal(HttpStatusCode.Found, (await AuthClient.FormLoginAsync(_client, "alice", "alice-password")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/me")).StatusCode);
    }

    private async Task AssertAnonymousAsync()
    {
        var me = await _client.GetAsync("/api/me");
        var test1 = await _client.GetAsync("/api/test1");
        var backend = await _client.GetAsync("/backend");

        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, test1.StatusCode);
        Assert.Equal(HttpStatusCode.Found, backend.StatusCode);
        Assert.Equal("/login?returnUrl=%2Fbackend", AuthClient.RedirectTarget(backend));
    }
}
