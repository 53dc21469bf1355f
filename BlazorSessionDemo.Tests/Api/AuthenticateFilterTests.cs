using System.Net;
using System.Text.Json.Nodes;
using BlazorSessionDemo.Tests.Auth;

namespace BlazorSessionDemo.Tests.Api;

/// <summary>
/// The seed's <c>@authenticate</c> decorator (<c>/api/me</c>, <c>/api/logout</c>: 401 without a session user) and its
/// <c>test1</c> view, which checks <c>'user_id' in request.session</c> itself and answers 400.
/// </summary>
public sealed class AuthenticateFilterTests : IAsyncLifetime
{
    private const string UnknownKey = "abcdefghijklmnopqrstuvwxyz012345";

    private readonly AppFactory _app = new();
    private readonly HttpClient _client;

    public AuthenticateFilterTests() => _client = _app.CreateBrowserLikeClient();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Test1_LoggedIn_AnswersTest1Ok()
    {
        await AuthClient.ApiLoginAsync(_client, "alice@example.com", "alice-password");

        var response = await _client.GetAsync("/api/test1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("test1 ok", await response.Content.ReadAsStringAsync());
        // The headers Results.Text("test1 ok") sent (the answer is now encoded once, FixedTextResult).
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(8, response.Content.Headers.ContentLength);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Test1_WithoutSession_Returns400()
    {
        var response = await _client.GetAsync("/api/test1");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())?["error"]);
    }

    [Fact]
    public async Task Test1_WithAnonymousSession_Returns400()
    {
        await AntiforgeryForm.PostAsync(_client, "/session_test/", "write");

        var response = await _client.GetAsync("/api/test1");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Me_LoggedIn_AnswersTheUser()
    {
        var alice = await AppData.UserAsync(_app, "alice");
        await AuthClient.ApiLoginAsync(_client, "alice@example.com", "alice-password");

        var response = await _client.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var expected = new JsonObject { ["user_id"] = alice.Id, ["name"] = "alice", ["email"] = "alice@example.com", ["is_staff"] = false };
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(JsonNode.DeepEquals(expected, body), $"body was {body?.ToJsonString()}");
    }

    [Fact]
    public async Task Me_StaffUser_SaysIsStaff()
    {
        await AuthClient.ApiLoginAsync(_client, "admin@example.com", "admin-password");

        var body = JsonNode.Parse(await _client.GetStringAsync("/api/me"));

        Assert.True(body?["is_staff"]?.GetValue<bool>());
    }

    [Fact]
    public async Task Me_WithoutSession_Returns401Json()
    {
        var response = await _client.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())?["error"]);
    }

    [Fact]
    public async Task Me_WithCookieTheStoreDoesNotKnow_Returns401_AndCreatesNoRow()
    {
        using var client = AuthClient.CreateCookielessClient(_app);

        var response = await AuthClient.SendWithSessionAsync(client, HttpMethod.Get, "/api/me", UnknownKey);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, await _app.Database.CountSessionsAsync());
    }
}
