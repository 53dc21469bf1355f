using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using BlazorSessionDemo.Tests.Auth;

namespace BlazorSessionDemo.Tests.Api;

/// <summary>
/// Everything <c>POST /api/login</c> must refuse: a 400 with a JSON <c>error</c> (the seed answers 400 on bad JSON and
/// bad credentials), never a 500, and no session row or cookie, so a refused request cannot plant a session.
/// </summary>
public sealed class ApiLoginRejectionTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private readonly HttpClient _client;

    public ApiLoginRejectionTests() => _client = _app.CreateBrowserLikeClient();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("\"alice@example.com\"")]
    [InlineData("[]")]
    [InlineData("[{\"email\":\"alice@example.com\",\"password\":\"alice-password\"}]")]
    [InlineData("{\"password\":\"alice-password\"}")]
    [InlineData("{\"email\":\"alice@example.com\"}")]
    [InlineData("{\"email\":\"\",\"password\":\"\"}")]
    [InlineData("{\"email\":null,\"password\":\"alice-password\"}")]
    [InlineData("{\"email\":42,\"password\":\"alice-password\"}")]
    [InlineData("{\"email\":\"alice@example.com\",\"password\":12345}")]
    [InlineData("{\"email\":\"alice@example.com\",\"password\":[\"alice-password\"]}")]
    [InlineData("{\"email\":{\"$ne\":\"\"},\"password\":\"alice-password\"}")]
    [InlineData("{\"email\":\"alice@example.com\",\"password\":\"wrong-password\"}")]
    [InlineData("{\"email\":\"nobody@example.com\",\"password\":\"alice-password\"}")]
    public async Task Login_BadBody_Returns400JsonError_AndCreatesNoSession(string body)
    {
        var response = await AuthClient.PostRawAsync(_client, "/api/login", body);

        await AssertRefusedAsync(response);
    }

    [Fact]
    public async Task Login_InactiveUser_Returns400_AndCreatesNoSession()
    {
        await AppData.SetActiveAsync(_app, "alice", active: false);

        var response = await AuthClient.ApiLoginAsync(_client, "alice@example.com", "alice-password");

        await AssertRefusedAsync(response);
    }

    [Fact]
    public async Task Login_UnknownUser_WrongPassword_InactiveUser_AnswerTheSameBody()
    {
        // One answer for all three, so the API cannot be used to find out which accounts exist or are disabled.
        var unknown = await AuthClient.ApiLoginAsync(_client, "nobody@example.com", "alice-password");
        var wrong = await AuthClient.ApiLoginAsync(_client, "alice@example.com", "not-alices-password");
        await AppData.SetActiveAsync(_app, "alice", active: false);
        var inactive = await AuthClient.ApiLoginAsync(_client, "alice@example.com", "alice-password");

        var unknownBody = await unknown.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(unknown.StatusCode, wrong.StatusCode);
        Assert.Equal(unknown.StatusCode, inactive.StatusCode);
        Assert.Equal(unknownBody, await wrong.Content.ReadAsStringAsync());
        Assert.Equal(unknownBody, await inactive.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task Login_NonJsonContentType_Returns400(string contentType)
    {
        var body = "{\"email\":\"alice@example.com\",\"password\":\"alice-password\"}";

        var response = await AuthClient.PostRawAsync(_client, "/api/login", body, contentType);

        await AssertRefusedAsync(response);
    }

    [Fact]
    public async Task Login_OneMegabytePassword_Returns400()
    {
        var body = JsonSerializer.Serialize(new { email = "alice@example.com", password = new string('x', 1024 * 1024) });

        var response = await AuthClient.PostRawAsync(_client, "/api/login", body);

        await AssertRefusedAsync(response);
    }

    [Fact]
    public async Task Login_BodyOver8KbWithoutContentLength_Returns400()
    {
        // Chunked: no Content-Length to refuse up front, so the limit must hold while reading.
        var body = JsonSerializer.SerializeToUtf8Bytes(new { email = "alice@example.com", password = new string('x', 9 * 1024) });
        var content = new StreamContent(new NonSeekableStream(body));
        content.Headers.ContentType = new("application/json");

        var response = await _client.PostAsync("/api/login", content);

        Assert.Null(content.Headers.ContentLength);
        await AssertRefusedAsync(response);
    }

    [Fact]
    public async Task Login_PasswordLongerThanBcryptReads_Returns400NotA500()
    {
        // BCrypt reads 72 bytes; a longer password must be a plain refusal, not an exception from the hasher.
        var response = await AuthClient.ApiLoginAsync(_client, "alice@example.com", "alice-password" + new string('x', 100));

        await AssertRefusedAsync(response);
    }

    private async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = JsonNode.Parse(body)?["error"];
        Assert.False(string.IsNullOrWhiteSpace(error?.GetValue<string>()), $"no error in {body}");
        Assert.Null(SetCookie.Find(response.Headers, AuthClient.CookieName));
        Assert.Equal(0, await _app.Database.CountSessionsAsync());
    }

    /// <summary>A stream whose length HttpClient cannot know, so it sends the body chunked.</summary>
    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
