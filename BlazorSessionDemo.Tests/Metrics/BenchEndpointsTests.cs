using System.Net;

namespace BlazorSessionDemo.Tests.Metrics;

/// <summary>The benchmark-only endpoints exist only when <c>Bench:Endpoints</c> is on.</summary>
public sealed class BenchEndpointsTests
{
    [Theory]
    [InlineData("/bench/e0")]
    [InlineData("/bench/counters")]
    public async Task BenchEndpoints_WithoutTheSetting_AreNotMapped(string path)
    {
        await using var app = new AppFactory();

        var response = await app.CreateBrowserLikeClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task PlainEndpoint_WithSessionsSwitchedOff_StillAnswers()
    {
        await using var app = new AppFactory(new() { ["Bench:Endpoints"] = "true", ["Session:Enabled"] = "false" });
        var client = app.CreateBrowserLikeClient();

        var plain = await client.GetAsync("/bench/e0");
        var anonymous = await client.GetAsync("/bench/e1");

        Assert.Equal("ok", await plain.Content.ReadAsStringAsync());
        Assert.Equal("anonymous", await anonymous.Content.ReadAsStringAsync());
        Assert.False(plain.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Counters_ReportStoreOperationsAndAllocations()
    {
        await using var app = new AppFactory(new() { ["Bench:Endpoints"] = "true" });

        var json = System.Text.Json.Nodes.JsonNode.Parse(await app.CreateBrowserLikeClient().GetStringAsync("/bench/counters"))!;

        Assert.Equal(0, (long)json["reads"]!);
        Assert.True((long)json["allocated_bytes"]! > 0);
    }
}
