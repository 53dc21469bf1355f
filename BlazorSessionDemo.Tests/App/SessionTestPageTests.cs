using System.Net;

namespace BlazorSessionDemo.Tests.App;

/// <summary>The seed's session_test views through the whole app: pages, antiforgery, middleware, db engine.</summary>
public sealed class SessionTestPageTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private readonly HttpClient _client;

    public SessionTestPageTests() => _client = _app.CreateBrowserLikeClient();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task PagesThatDoNotUseTheSession_SetNoSessionCookie()
    {
        var home = await _client.GetAsync("/");
        var demo = await _client.GetAsync("/session_test/");

        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Null(SetCookie.Find(home.Headers, "sessionid"));
        Assert.Null(SetCookie.Find(demo.Headers, "sessionid"));
        Assert.Equal(0, await _app.Database.CountSessionsAsync());
    }

    [Fact]
    public async Task Write_RedirectsBack_WithCookie_ThenPageShowsRowAndDecodedData()
    {
        var write = await AntiforgeryForm.PostAsync(_client, "/session_test/", "write");

        Assert.Equal(HttpStatusCode.Found, write.StatusCode);
        var key = SetCookie.Find(write.Headers, "sessionid")!.Value;
        var page = await _client.GetStringAsync("/session_test/");
        Assert.Contains($"id=\"record-location\">django_session row (session_key = &#x27;{key}&#x27;)<", page);
        Assert.Contains("&quot;h1&quot;: &quot;hello&quot;", page);
    }

    [Fact]
    public async Task Read_ShowsValue_WithoutSaving()
    {
        await AntiforgeryForm.PostAsync(_client, "/session_test/", "write");

        var read = await AntiforgeryForm.PostAsync(_client, "/session_test/", "read");

        Assert.Contains("id=\"read-value\">hello<", await read.Content.ReadAsStringAsync());
        Assert.Null(SetCookie.Find(read.Headers, "sessionid"));
    }

    [Fact]
    public async Task Flush_DeletesRowAndCookie()
    {
        var write = await AntiforgeryForm.PostAsync(_client, "/session_test/", "write");
        var key = SetCookie.Find(write.Headers, "sessionid")!.Value;

        var flush = await AntiforgeryForm.PostAsync(_client, "/session_test/", "flush");

        Assert.True(SetCookie.Find(flush.Headers, "sessionid")!.IsDeletion);
        Assert.False(await _app.Database.RowExistsAsync(key));
    }

    [Fact]
    public async Task PostWithoutAntiforgeryToken_IsRejected_AndCreatesNoSession()
    {
        var response = await _client.PostAsync("/session_test/",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "write" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await _app.Database.CountSessionsAsync());
    }
}
