using System.Net;

namespace BlazorSessionDemo.Tests.Engines.Redis;

/// <summary>
/// Redis going down and coming back, as a browser or API client sees it through the session middleware: a 503 with
/// the reason and no cookie while it is down (never a 500, never a new empty session), and the same cookie working
/// again once it is back, on the same running app. Each test kills and restarts a redis-server of its own.
/// </summary>
public sealed class RedisOutageHttpTests
{
    [Fact]
    public async Task RedisDown_RequestWithCookie_Gets503Json_NoCookie_ThenSameCookieWorksAfterRestart()
    {
        await using var redis = await RedisServerProcess.StartNewAsync(persistent: true);
        await using var host = await RedisSessionTestHost.StartAsync(redis.Host, redis.Port, "outage");
        var key = await host.CreateSessionAsync("before-outage");

        await redis.StopAsync();
        var down = await Eventually.Bounded(host.SendAsync(HttpMethod.Get, "/read", key, accept: "application/json"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal("application/json", down.Content.Headers.ContentType?.MediaType);
        Assert.Contains("session store is temporarily unavailable", await down.Content.ReadAsStringAsync());
        Assert.Empty(SetCookie.All(down.Headers));

        await redis.StartAsync();
        await Eventually.WaitUntilAsync("the app reconnected to the restarted redis-server", async () =>
            (await host.SendAsync(HttpMethod.Get, "/healthz")).StatusCode == HttpStatusCode.OK);
        var back = await host.SendAsync(HttpMethod.Get, "/read", key);

        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        Assert.Equal("before-outage", await back.Content.ReadAsStringAsync());
        Assert.Empty(SetCookie.All(back.Headers));
    }

    [Fact]
    public async Task RedisDown_BrowserGetsAnHtmlPage_AndTheStoredSessionIsLeftAlone()
    {
        await using var redis = await RedisServerProcess.StartNewAsync(persistent: true);
        await using var host = await RedisSessionTestHost.StartAsync(redis.Host, redis.Port, "outage-html");
        var key = await host.CreateSessionAsync("kept");

        await redis.StopAsync();
        var down = await Eventually.Bounded(host.SendAsync(HttpMethod.Post, "/write?value=lost", key, accept: "text/html"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal("text/html", down.Content.Headers.ContentType?.MediaType);
        Assert.Contains("session store is temporarily unavailable", await down.Content.ReadAsStringAsync());
        Assert.Empty(SetCookie.All(down.Headers));

        await redis.StartAsync();
        await Eventually.WaitUntilAsync("the app reconnected to the restarted redis-server", async () =>
            (await host.SendAsync(HttpMethod.Get, "/healthz")).StatusCode == HttpStatusCode.OK);
        Assert.Equal("kept", await (await host.SendAsync(HttpMethod.Get, "/read", key)).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RedisDown_NewSessionWrite_Gets503_AndNoCookieForDataThatWasNotStored()
    {
        await using var redis = await RedisServerProcess.StartNewAsync();
        await using var host = await RedisSessionTestHost.StartAsync(redis.Host, redis.Port, "outage-new");
        await host.CreateSessionAsync("connects-first");

        await redis.StopAsync();
        var down = await Eventually.Bounded(host.SendAsync(HttpMethod.Post, "/write?value=x"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Null(SetCookie.Find(down.Headers, "sessionid"));
    }

    [Fact]
    public async Task AppStartedWhileRedisDown_Answers503_ThenWorksOnceRedisStarts_WithoutRestart()
    {
        await using var redis = RedisServerProcess.Create();
        await using var host = await RedisSessionTestHost.StartAsync(redis.Host, redis.Port, "late-start");

        var down = await Eventually.Bounded(host.SendAsync(HttpMethod.Post, "/write?value=x", accept: "application/json"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Null(SetCookie.Find(down.Headers, "sessionid"));

        await redis.StartAsync();
        await Eventually.WaitUntilAsync("the app connected to the redis-server started after it", async () =>
            (await host.SendAsync(HttpMethod.Get, "/healthz")).StatusCode == HttpStatusCode.OK);
        var key = await host.CreateSessionAsync("after-start");

        Assert.Equal("after-start", await (await host.SendAsync(HttpMethod.Get, "/read", key)).Content.ReadAsStringAsync());
    }
}
