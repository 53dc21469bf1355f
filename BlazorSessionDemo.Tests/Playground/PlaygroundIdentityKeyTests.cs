using System.Net;
using BlazorSessionDemo.Tests.Auth;
using static BlazorSessionDemo.Tests.Playground.PlaygroundPage;

namespace BlazorSessionDemo.Tests.Playground;

/// <summary>
/// The playground writes any key but the ones the server relies on for who you are (the login keys) or for itself
/// (any key starting with <c>_</c>): issue 12's one-form-post attack (<c>user_id = 3</c> made an anonymous visitor admin).
/// </summary>
public sealed class PlaygroundIdentityKeyTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private readonly HttpClient _client;

    public PlaygroundIdentityKeyTests() => _client = _app.CreateBrowserLikeClient();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("user_id", "3")]
    [InlineData("username", "\"admin\"")]
    [InlineData("user_info", "\"**3 admin admin@example.com\"")]
    [InlineData("is_login", "\"true\"")]
    [InlineData("_auth_user_id", "\"3\"")]
    [InlineData("_auth_user_backend", "\"django.contrib.auth.backends.ModelBackend\"")]
    [InlineData("_auth_user_hash", "\"0000000000000000000000000000000000000000000000000000000000000000\"")]
    public async Task Set_LoginKey_IsRefusedSayingWhy_AndGivesNoIdentity(string key, string value)
    {
        var response = await SetAsync(_client, key, value);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("who you are", Text(html, "set-key-error"));
        Assert.Null(SessionCookie(response));
        Assert.Equal(0, await _app.Database.CountSessionsAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task Set_AdminsUserId_OnAnExistingSession_LeavesTheVisitorAnonymous()
    {
        var key = SessionCookie(await SetAsync(_client, "k", "1"))!.Value;

        var refused = await SetAsync(_client, "user_id", "3");

        Assert.Contains("who you are", Text(await refused.Content.ReadAsStringAsync(), "set-key-error"));
        Assert.False((await LoadAsync(_app, key))!.ContainsKey("user_id"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.GetAsync("/api/me")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await _client.GetAsync("/admin/sessions")).StatusCode);
    }

    [Fact]
    public async Task Set_LoginKey_WhenLoggedIn_IsRefused_AndTheLoginStaysAsItWas()
    {
        var login = await AuthClient.FormLoginAsync(_client, "alice", "alice-password");
        var key = AuthClient.SessionKeyOf(login);
        var before = (await LoadAsync(_app, key))!.ToJsonString();

        var refused = await SetAsync(_client, "_auth_user_id", "\"3\"");

        Assert.Contains("who you are", Text(await refused.Content.ReadAsStringAsync(), "set-key-error"));
        Assert.Equal(before, (await LoadAsync(_app, key))!.ToJsonString());
        Assert.Contains("\"name\":\"alice\"", await _client.GetStringAsync("/api/me"));
    }

    [Fact]
    public async Task Set_AnyOtherUnderscoreKey_IsStillRefused_AsReservedForTheServer()
    {
        var response = await SetAsync(_client, "_session_expiry", "1");

        Assert.Contains("reserved", Text(await response.Content.ReadAsStringAsync(), "set-key-error"));
        Assert.Null(SessionCookie(response));
    }
}
