using System.Net;

namespace BlazorSessionDemo.Tests.Auth;

/// <summary>
/// The status page names the status the response carries (issue 15): bob, logged in but not staff, is told
/// Forbidden on <c>/admin/sessions</c>, where the page used to say "Not Found" under a 403.
/// </summary>
public sealed class StatusPageTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private readonly HttpClient _client;

    public StatusPageTests() => _client = _app.CreateBrowserLikeClient();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task NonStaffUser_OnTheAdminPage_Gets403_AndAPageThatSaysForbidden()
    {
        await AuthClient.FormLoginAsync(_client, "bob", "bob-password");

        var response = await _client.GetAsync("/admin/sessions");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("<title>Forbidden</title>", html);
        Assert.Contains("<h1 id=\"status-title\">Forbidden</h1>", html);
        Assert.DoesNotContain("Not found", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task UnknownPath_Gets404_AndAPageThatSaysNotFound()
    {
        var response = await _client.GetAsync("/no-such-page");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("<h1 id=\"status-title\">Not found</h1>", html);
    }
}
