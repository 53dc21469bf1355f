using System.Net;
using BlazorSessionDemo.Tests.Auth;
using BlazorSessionDemo.Tests.Engines.Redis;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BlazorSessionDemo.Tests.AdminSessions;

/// <summary>
/// Where a session's requests came from reaches the catalog without a service resolved on every request: the
/// session's own lifecycle tells the request's client to the catalog on a save (a login), and the activity middleware
/// on a touch. Each request is described by its own client, never by an earlier request's.
/// </summary>
public sealed class CatalogRequestClientTests : IAsyncDisposable
{
    private const string Firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
    private const string Curl = "curl/8.5.0";

    private readonly FakeClockApp _app = new();

    [Fact]
    public async Task ALogin_RecordsTheUserAgentOfTheRequestThatLoggedIn()
    {
        var client = _app.NewClient();
        client.DefaultRequestHeaders.UserAgent.ParseAdd(Firefox);

        var key = AuthClient.SessionKeyOf(await AuthClient.ApiLoginAsync(client, "alice@example.com", "alice-password"));

        Assert.Equal(Firefox, (await LiveSessions.EntryOfAsync(_app.App, key)).UserAgent);
    }

    [Fact]
    public async Task AReadOnlyRequest_TouchesWithItsOwnClient_OnceTheActivityIntervalHasPassed()
    {
        var browser = _app.NewClient();
        browser.DefaultRequestHeaders.UserAgent.ParseAdd(Firefox);
        var key = AuthClient.SessionKeyOf(await AuthClient.ApiLoginAsync(browser, "alice@example.com", "alice-password"));
        var script = _app.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        script.DefaultRequestHeaders.UserAgent.ParseAdd(Curl);

        // Within the interval: read, no touch, so the entry still names the browser.
        Assert.Equal(HttpStatusCode.OK, (await AuthClient.SendWithSessionAsync(script, HttpMethod.Get, "/api/me", key)).StatusCode);
        Assert.Equal(Firefox, (await LiveSessions.EntryOfAsync(_app.App, key)).UserAgent);

        _app.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.OK, (await AuthClient.SendWithSessionAsync(script, HttpMethod.Get, "/api/me", key)).StatusCode);

        // The touch runs after the response: waited for, never timed.
        await Eventually.WaitUntilAsync("the touch records the script's user agent",
            async () => (await LiveSessions.EntryOfAsync(_app.App, key)).UserAgent == Curl);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
