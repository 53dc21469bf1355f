using System.Net;
using System.Net.Http.Json;
using BlazorSessionDemo.Tests.Engines.Redis;

namespace BlazorSessionDemo.Tests.Security;

/// <summary>
/// The per-address limit (<c>Auth:Lockout:MaxFailuresPerAddress</c>): one client spraying guesses over many accounts
/// is refused however few guesses each account gets, while other clients are not; and the switch that turns limits off.
/// </summary>
public sealed class LoginAddressLimitTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private const string Sprayer = "203.0.113.7";
    private const string Neighbour = "203.0.113.8";

    [Fact]
    public async Task FailuresFromOneAddress_OverManyAccounts_AreRefused_OtherAddressesAreNot()
    {
        await using var app = new EngineApp("db", redis, new() { ["Auth:Lockout:MaxFailuresPerAddress"] = "5" });
        using var client = app.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await LoginAsync(client, Sprayer, $"user{i}@example.com", "guess")).StatusCode);
        }

        var sprayer = await LoginAsync(client, Sprayer, "alice@example.com", "alice-password");
        var neighbour = await LoginAsync(client, Neighbour, "alice@example.com", "alice-password");

        Assert.Equal(HttpStatusCode.TooManyRequests, sprayer.StatusCode);
        Assert.NotNull(sprayer.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, neighbour.StatusCode);
    }

    [Fact]
    public async Task GoodLogins_DoNotUseUpTheAddressAllowance()
    {
        // Many people behind one NAT logging in successfully must never lock that address.
        await using var app = new EngineApp("db", redis, new() { ["Auth:Lockout:MaxFailuresPerAddress"] = "3" });
        using var client = app.CreateClient();

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await LoginAsync(client, Sprayer, "bob@example.com", "bob-password")).StatusCode);
        }
    }

    [Fact]
    public async Task LimitsSwitchedOff_NeverRefuse()
    {
        await using var app = new EngineApp("db", redis, new() { ["Auth:Lockout:Enabled"] = "false" });
        using var client = app.CreateClient();

        for (var i = 0; i < 15; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await LoginAsync(client, Sprayer, "alice@example.com", "guess")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(client, Sprayer, "alice@example.com", "alice-password")).StatusCode);
    }

    private static Task<HttpResponseMessage> LoginAsync(HttpClient client, string address, string email, string password)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/login") { Content = JsonContent.Create(new { email, password }) };
        request.Headers.Add(TestRemoteAddress.Header, address);
        return client.SendAsync(request);
    }
}
