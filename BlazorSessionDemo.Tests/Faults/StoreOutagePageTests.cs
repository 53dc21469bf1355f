using System.Net;
using System.Net.Http.Headers;
using BlazorSessionDemo.Tests.Playground;
using BlazorSessionDemo.TestSupport;

namespace BlazorSessionDemo.Tests.Faults;

/// <summary>
/// The redis engine pointed at a loopback port nobody listens on (issue 15, "store down"): every page answers the app's
/// styled 503 naming the store and its host:port (never its password), every <c>/api/...</c> request answers JSON
/// whatever its <c>Accept</c>, the stylesheets still load, and a form post that writes the session (the playground's
/// set) gets that page instead of a redirect that silently shows the form again.
/// </summary>
public sealed class StoreOutagePageTests : IAsyncLifetime
{
    private const string Password = "redis-password-never-shown";
    private readonly int port = LoopbackPorts.Free();
    private AppFactory app = default!;

    public Task InitializeAsync()
    {
        app = new AppFactory(new()
        {
            ["Session:Engine"] = "redis",
            ["Session:Redis:Host"] = "127.0.0.1",
            ["Session:Redis:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Session:Redis:Password"] = Password,
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Theory]
    [InlineData("/login")]
    [InlineData("/")]
    [InlineData("/session_test/")]
    [InlineData("/backend")]
    public async Task Page_WithASessionCookie_IsTheStyledStorePage_NamingHostAndPort_WithoutThePassword(string path)
    {
        var response = await SendAsync(path, accept: "text/html,application/xhtml+xml");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("lib/bootstrap/css/bootstrap.min.css", html);
        Assert.Contains("<h1 id=\"status-title\">Session store unavailable</h1>", html);
        Assert.Contains($"Redis at 127.0.0.1:{port}", PlaygroundPage.Text(html, "store-address"));
        Assert.Contains("session store is temporarily unavailable", html);
        Assert.DoesNotContain(Password, html);
        Assert.Null(SetCookie.Find(response.Headers, "sessionid"));
    }

    [Theory]
    [InlineData("/api/me", null)]
    [InlineData("/api/me", "*/*")]
    [InlineData("/api/test1", "text/html")]
    public async Task Api_AnswersJson_WhateverItsAccept(string path, string? accept)
    {
        var response = await SendAsync(path, accept);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("{\"error\":", body);
        Assert.Contains($"Redis at 127.0.0.1:{port}", body);
        Assert.DoesNotContain(Password, body);
    }

    [Fact]
    public async Task ApiLogin_WithoutAccept_AnswersJson()
    {
        var client = app.CreateBrowserLikeClient();

        var response = await client.PostAsync("/api/login", new StringContent(
            """{"email": "alice@example.com", "password": "alice-password"}""", new MediaTypeHeaderValue("application/json")));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(SetCookie.Find(response.Headers, "sessionid"));
    }

    [Fact]
    public async Task Stylesheets_StillLoad_WithASessionCookie()
    {
        var response = await SendAsync("/lib/bootstrap/css/bootstrap.min.css", accept: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task PlaygroundSet_IsTheStorePage_NotARedirectBackToTheForm_AndSetsNoCookie()
    {
        var client = app.CreateBrowserLikeClient();

        var response = await PlaygroundPage.SetAsync(client, "k", "1");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Null(PlaygroundPage.SessionCookie(response));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains($"Redis at 127.0.0.1:{port}", PlaygroundPage.Text(html, "store-address"));
    }

    private async Task<HttpResponseMessage> SendAsync(string path, string? accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", $"sessionid={DjangoSessions.SessionKeys.Generate()}");
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }
        return await app.CreateBrowserLikeClient().SendAsync(request);
    }
}
