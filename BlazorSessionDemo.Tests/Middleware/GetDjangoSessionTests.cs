using DjangoSessions.Http;
using Microsoft.AspNetCore.Http;

namespace BlazorSessionDemo.Tests.Middleware;

/// <summary>
/// <c>HttpContext.GetDjangoSessionAsync()</c>, Django's <c>request.session</c>: a clear error when the middleware is
/// missing, and a load that stops with the request (issue 18's mutation run of <c>Http/</c>).
/// </summary>
public sealed class GetDjangoSessionTests : IAsyncLifetime
{
    private SessionTestHost _host = null!;

    public async Task InitializeAsync() => _host = await SessionTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task WithoutTheMiddleware_TheErrorSaysWhatToCall()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await new DefaultHttpContext().GetDjangoSessionAsync());

        Assert.Equal("Django sessions are not active for this request: call app.UseDjangoSessions() and keep Session:Enabled true.",
            error.Message);
    }

    [Fact]
    public async Task NoTokenGiven_TheLoadStopsWhenTheRequestIsAborted()
    {
        var key = await _host.CreateSessionAsync("stored");

        Assert.Equal("cancelled", await LoadAsync(key, requestAborted: true, token: "none"));
        Assert.Equal("stored", await LoadAsync(key, requestAborted: false, token: "none"));
    }

    [Fact]
    public async Task AGivenToken_IsTheOneTheLoadHonours()
    {
        var key = await _host.CreateSessionAsync("stored");

        Assert.Equal("cancelled", await LoadAsync(key, requestAborted: false, token: "cancelled"));
        Assert.Equal("stored", await LoadAsync(key, requestAborted: true, token: "live"));
    }

    [Fact]
    public void WithoutTheMiddleware_FindDjangoSession_IsNull()
    {
        Assert.Null(new DefaultHttpContext().FindDjangoSession());
    }

    [Fact]
    public async Task FindDjangoSession_IsTheRequestsSession_NotLoaded_AndTheLoadIsThatSameSession()
    {
        var key = await _host.CreateSessionAsync("stored");

        var response = await _host.SendAsync(HttpMethod.Get, "/peek", key);

        response.EnsureSuccessStatusCode();
        Assert.Equal($"{key} loaded=False; same=True; again at once=True; h1=\"stored\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task FindDjangoSession_WithoutACookie_HasNoKey()
    {
        var response = await _host.SendAsync(HttpMethod.Get, "/peek", sessionKey: null);

        response.EnsureSuccessStatusCode();
        Assert.Equal("(none) loaded=False; same=True; again at once=True; h1=(none)", await response.Content.ReadAsStringAsync());
    }

    private async Task<string> LoadAsync(string key, bool requestAborted, string token)
    {
        var response = await _host.SendAsync(HttpMethod.Get, $"/load?requestAborted={requestAborted}&token={token}", key);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }
}
