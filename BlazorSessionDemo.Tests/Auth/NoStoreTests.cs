using System.Net;

namespace BlazorSessionDemo.Tests.Auth;

/// <summary>
/// <c>Cache-Control: no-store</c> on every response to a logged-in user, and only then: an anonymous response stays
/// cacheable as far as this app is concerned. (Blazor pages that render an antiforgery token get ASP.NET Core's own
/// <c>no-cache, no-store</c> regardless of login, so the anonymous side is checked on the API, which has no token.)
/// </summary>
public sealed class NoStoreTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private readonly HttpClient _client;

    public NoStoreTests() => _client = _app.CreateBrowserLikeClient();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task AnonymousResponses_AreNotMarkedNoStore()
    {
        var test1 = await _client.GetAsync("/api/test1");
        var logout = await _client.GetAsync("/logout");

        Assert.False(test1.Headers.CacheControl?.NoStore ?? false, $"Cache-Control: {test1.Headers.CacheControl}");
        Assert.False(logout.Headers.CacheControl?.NoStore ?? false, $"Cache-Control: {logout.Headers.CacheControl}");
    }

    [Fact]
    public async Task LoggedInResponses_AreNoStore_EvenWithoutAForm()
    {
        await AuthClient.ApiLoginAsync(_client, "alice@example.com", "alice-password");

        var test1 = await _client.GetAsync("/api/test1");
        var me = await _client.GetAsync("/api/me");
        var home = await _client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, test1.StatusCode);
        Assert.Equal("no-store", test1.Headers.CacheControl?.ToString());
        Assert.Equal("no-store", me.Headers.CacheControl?.ToString());
        Assert.Equal("no-store", home.Headers.CacheControl?.ToString());
    }
}
