using System.Net;
using System.Text.Json.Nodes;
using BenchHost;
using BlazorSessionDemo.Tests.Auth;
using BlazorSessionDemo.Tests.Support;

namespace BlazorSessionDemo.Tests.Bench;

/// <summary>
/// The benchmark's endpoints live in bench/BenchHost, composed into the unchanged app; the app alone has none.
/// Composed, they answer after the app's session and authentication middleware ran.
/// </summary>
public sealed class BenchHostTests
{
    [Theory]
    [InlineData("/bench/e0")]
    [InlineData("/bench/e1")]
    [InlineData("/bench/e3")]
    [InlineData("/bench/counters")]
    public async Task App_WithoutTheBenchHost_HasNoBenchRoutes(string path)
    {
        await using var app = new AppFactory(new() { ["Bench:Endpoints"] = "true" });

        var response = await app.CreateBrowserLikeClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task App_WithoutTheBenchHost_CannotMakeSessionsThroughBench()
    {
        await using var app = new AppFactory();

        var response = await app.CreateBrowserLikeClient()
            .PostAsync("/bench/sessions?count=1&login=alice&password=alice-password", null);

        // What the app answers a POST to any path it does not serve: its static-asset fallback route ({**path:file},
        // GET and HEAD) makes routing refuse the method before it finds there is no such file.
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task PlainEndpoint_WithSessionsSwitchedOff_StillAnswers()
    {
        await using var app = new AppFactory(new() { ["Session:Enabled"] = "false" }, s => s.AddBenchHost());
        var client = app.CreateBrowserLikeClient();

        var plain = await client.GetAsync("/bench/e0");
        var anonymous = await client.GetAsync("/bench/e1");

        Assert.Equal("ok", await plain.Content.ReadAsStringAsync());
        Assert.Equal("anonymous", await anonymous.Content.ReadAsStringAsync());
        Assert.False(plain.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task AnonymousProbe_AfterLogin_SeesTheUserTheAppAuthenticated()
    {
        await using var app = new AppFactory(services: s => s.AddBenchHost());
        var client = app.CreateBrowserLikeClient();
        (await AuthClient.ApiLoginAsync(client, "alice@example.com", "alice-password")).EnsureSuccessStatusCode();

        var body = await client.GetStringAsync("/bench/e1");

        Assert.StartsWith("user ", body);
    }

    [Fact]
    public async Task Sessions_MakesOneLoggedInSessionPerKey()
    {
        await using var app = new AppFactory(services: s => s.AddBenchHost());
        var client = app.CreateBrowserLikeClient();

        var response = await client.PostAsync("/bench/sessions?count=3&login=alice&password=alice-password", null);
        var keys = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(3, keys.Distinct().Count());
        foreach (var key in keys)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/bench/e3");
            request.Headers.Add("Cookie", "sessionid=" + key);
            var counted = await app.CreateClient(new() { HandleCookies = false }).SendAsync(request);
            Assert.Equal("1", await counted.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Sessions_WithAWrongPassword_IsABadRequest()
    {
        await using var app = new AppFactory(services: s => s.AddBenchHost());

        var response = await app.CreateBrowserLikeClient()
            .PostAsync("/bench/sessions?count=1&login=alice&password=wrong", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Counters_ReportStoreOperationsAndAllocations()
    {
        await using var app = new AppFactory(services: s => s.AddBenchHost());

        var json = JsonNode.Parse(await app.CreateBrowserLikeClient().GetStringAsync("/bench/counters"))!;

        Assert.Equal(0, (long)json["reads"]!);
        Assert.True((long)json["allocated_bytes"]! > 0);
    }
}
