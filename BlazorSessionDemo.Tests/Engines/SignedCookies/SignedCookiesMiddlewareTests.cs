using System.Net;

namespace BlazorSessionDemo.Tests.Engines.SignedCookies;

/// <summary>The engine behind the real session middleware: what a browser, or someone replaying its cookie, sees.</summary>
public sealed class SignedCookiesMiddlewareTests : IAsyncLifetime
{
    private SignedCookiesTestHost _host = null!;

    public async Task InitializeAsync() => _host = await SignedCookiesTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Write_SetsTheSessionAsTheCookie_WhichReadsBack()
    {
        var cookie = await WriteAsync("hello");

        var read = await _host.SendAsync(HttpMethod.Get, "/read", cookie);

        Assert.Equal("hello", await read.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Flush_DeletesTheCookie_AndTheOldCookieReplayedIsAnonymous()
    {
        var cookie = await WriteAsync("logged-in");

        var flush = await _host.SendAsync(HttpMethod.Post, "/flush", cookie);
        var replay = await _host.SendAsync(HttpMethod.Get, "/read", cookie);

        Assert.True(SetCookie.Find(flush.Headers, "sessionid")!.IsDeletion);
        Assert.Equal("(none)", await replay.Content.ReadAsStringAsync());
        Assert.True(SetCookie.Find(replay.Headers, "sessionid")!.IsDeletion);
    }

    [Fact]
    public async Task CycleKey_GivesANewCookie_AndTheOldOneReplayedIsAnonymous()
    {
        var before = await WriteAsync("fixation-target");

        var cycle = await _host.SendAsync(HttpMethod.Post, "/cycle", before);
        var after = SetCookie.Find(cycle.Headers, "sessionid")!.Value;

        Assert.NotEqual(before, after);
        Assert.Equal("fixation-target", await (await _host.SendAsync(HttpMethod.Get, "/read", after)).Content.ReadAsStringAsync());
        Assert.Equal("(none)", await (await _host.SendAsync(HttpMethod.Get, "/read", before)).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task LargestAcceptedSession_ItsRealSetCookieHeader_FitsIn4096Bytes()
    {
        // Grow the session until the engine refuses it; the last cookie it accepted must be one a browser keeps.
        string? lastHeader = null;
        for (var length = 3000; length < 8000; length += 50)
        {
            HttpResponseMessage response;
            try
            {
                response = await _host.SendAsync(HttpMethod.Post, $"/blob?length={length}");
            }
            catch (SessionTooLargeException)
            {
                break;
            }
            if (!response.IsSuccessStatusCode)
            {
                break;
            }
            lastHeader = response.Headers.GetValues("Set-Cookie").Single();
        }

        Assert.NotNull(lastHeader);
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(lastHeader), 3950, 4096);
    }

    [Fact]
    public async Task ASessionTooLargeForACookie_Is500_WithNoCookie_AndLogged()
    {
        var response = await _host.SendAsync(HttpMethod.Post, "/blob?length=8000");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Empty(SetCookie.All(response.Headers));
        var entry = Assert.Single(_host.Logs.Entries, e => e.EventId.Id == 1007);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Error, entry.Level);
        Assert.Equal("Session not saved: it is too large for a cookie.", entry.Message);
    }

    private async Task<string> WriteAsync(string value)
    {
        var response = await _host.SendAsync(HttpMethod.Post, $"/write?value={value}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return SetCookie.Find(response.Headers, "sessionid")!.Value;
    }
}
