
namespace BlazorSessionDemo.Tests.Middleware;

/// <summary>No store round trip, row or cookie unless the request uses the session (Django, CVE-2015-5143).</summary>
public sealed class LazySessionTests : IAsyncLifetime
{
    private SessionTestHost _host = null!;

    public async Task InitializeAsync() => _host = await SessionTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task UntouchedRequest_SetsNoCookie_NoVary_NoRow()
    {
        var response = await _host.SendAsync(HttpMethod.Get, "/untouched");

        Assert.Empty(SetCookie.All(response.Headers));
        Assert.DoesNotContain("Cookie", response.Headers.Vary);
        Assert.Equal(0, await _host.Database.CountSessionsAsync());
    }

    [Fact]
    public async Task ReadWithoutCookie_VariesOnCookie_ButCreatesNothing()
    {
        var response = await _host.SendAsync(HttpMethod.Get, "/read");

        Assert.Equal("(none)", await response.Content.ReadAsStringAsync());
        Assert.Contains("Cookie", response.Headers.Vary);
        Assert.Empty(SetCookie.All(response.Headers));
        Assert.Equal(0, await _host.Database.CountSessionsAsync());
    }

    [Fact]
    public async Task Write_CreatesRowAndCookieWithWellFormedKey()
    {
        var key = await _host.CreateSessionAsync();

        Assert.True(SessionKeys.IsWellFormed(key));
        Assert.True(await _host.Database.RowExistsAsync(key));
    }

    [Fact]
    public async Task ReadWithCookie_ReturnsValue_WithoutSettingCookieAgain()
    {
        var key = await _host.CreateSessionAsync("hello");

        var response = await _host.SendAsync(HttpMethod.Get, "/read", key);

        Assert.Equal("hello", await response.Content.ReadAsStringAsync());
        Assert.Empty(SetCookie.All(response.Headers));
        Assert.Contains("Cookie", response.Headers.Vary);
    }

    [Fact]
    public async Task UnknownWellFormedCookie_IsNotAdopted_AndIsDeleted()
    {
        var planted = SessionKeys.Generate();

        var read = await _host.SendAsync(HttpMethod.Get, "/key", planted);
        var write = await _host.SendAsync(HttpMethod.Post, "/write?value=x", planted);

        Assert.Equal("(none)", await read.Content.ReadAsStringAsync());
        Assert.True(SetCookie.Find(read.Headers, "sessionid")!.IsDeletion);
        var issued = SetCookie.Find(write.Headers, "sessionid")!.Value;
        Assert.NotEqual(planted, issued);
        Assert.False(await _host.Database.RowExistsAsync(planted));
        Assert.Equal(1, await _host.Database.CountSessionsAsync());
    }

    [Theory]
    [InlineData("short")]
    [InlineData("..%2F..%2Fetc%2Fpasswd")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345")]
    [InlineData("'%20OR%201=1%20--%20aaaaaaaaaaaaaaaaaaa")]
    [InlineData("%C3%A9aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task MalformedCookie_IsNoSession_NeverAnError(string cookie)
    {
        var response = await _host.SendAsync(HttpMethod.Get, "/key", cookie);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("(none)", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await _host.Database.CountSessionsAsync());
    }

    [Fact]
    public async Task HugeCookie_IsNoSession()
    {
        var response = await _host.SendAsync(HttpMethod.Get, "/key", new string('a', 4096));

        Assert.Equal("(none)", await response.Content.ReadAsStringAsync());
    }
}
