
namespace BlazorSessionDemo.Tests.Middleware;

/// <summary>The Session section is validated on start, and sessions can be switched off.</summary>
public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("Session:Engine", "mongo", "Session:Engine")]
    [InlineData("Session:CookieAge", "-1", "Session:CookieAge")]
    [InlineData("Session:CookieSameSite", "Sideways", "Session:CookieSameSite")]
    [InlineData("Session:CookiePath", "app", "Session:CookiePath")]
    [InlineData("Session:CookieName", "bad name", "Session:CookieName")]
    [InlineData("Session:SecretKey", "too-short", "Session:SecretKey")]
    [InlineData("Session:CookieSameSite", "5", "Session:CookieSameSite")]
    [InlineData("Session:CookieAge", "two weeks", "Session:CookieAge")]
    [InlineData("Session:CleanupBatchSize", "lots", "Session:CleanupBatchSize")]
    [InlineData("Session:CleanupBatchPause", "-00:00:01", "Session:CleanupBatchPause")]
    [InlineData("Session:CleanupBatchPause", "00:05:00", "Session:CleanupBatchPause")]
    public async Task InvalidSetting_StopsStart_WithMessageNamingTheKey(string key, string value, string named)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => SessionTestHost.StartAsync(new() { [key] = value }));

        Assert.Contains(named, error.Message);
    }

    [Fact]
    public async Task CookieSameSite_BindsToSameSiteMode_IgnoringCase()
    {
        await using var host = await SessionTestHost.StartAsync(new() { ["Session:CookieSameSite"] = "none", ["Session:CookieSecure"] = "true" });

        var response = await host.SendAsync(HttpMethod.Post, "/write?value=x");

        Assert.Equal("none", SetCookie.Find(response.Headers, "sessionid")!["samesite"]);
    }

    [Fact]
    public async Task KnownButUnregisteredEngine_StopsStart_SayingWhatIsRegistered()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => SessionTestHost.StartAsync(new() { ["Session:Engine"] = "redis" }));

        Assert.Contains("'redis' is not registered", error.Message);
        Assert.Contains("registered: db", error.Message);
    }

    [Fact]
    public async Task Disabled_AppRuns_WithoutSessionOrCookie()
    {
        await using var host = await SessionTestHost.StartAsync(new() { ["Session:Enabled"] = "false" });

        var response = await host.SendAsync(HttpMethod.Get, "/enabled");

        Assert.Equal("no", await response.Content.ReadAsStringAsync());
        Assert.Empty(SetCookie.All(response.Headers));
    }
}
