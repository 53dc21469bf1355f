using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BlazorSessionDemo.Tests.Auth;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace BlazorSessionDemo.Tests.Api;

/// <summary>
/// <c>POST /api/login</c> with good credentials: the seed's view answers its JSON body, stores the user in the session
/// and calls <c>s.set_expiry(300)</c>. The clock is frozen so the row's expiry date is exact.
/// </summary>
public sealed class ApiLoginTests : IAsyncLifetime
{
    private readonly FrozenClockApp _site = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task Login_GoodCredentials_Returns200WithExactlyTheSeedsBody()
    {
        var alice = await AppData.UserAsync(_site.App, "alice");

        var response = await AuthClient.ApiLoginAsync(_site.Client, "alice@example.com", "alice-password");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var expected = new JsonObject
        {
            ["user"] = new JsonObject { ["user_id"] = alice.Id, ["name"] = "alice", ["email"] = "alice@example.com" },
            ["user_info"] = $"**{alice.Id} alice alice@example.com",
        };
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(JsonNode.DeepEquals(expected, body), $"body was {body?.ToJsonString()}");
    }

    [Fact]
    public async Task Login_GoodCredentials_SetsSessionCookieLastingFiveMinutes()
    {
        var response = await AuthClient.ApiLoginAsync(_site.Client, "alice@example.com", "alice-password");

        var cookie = SetCookie.Find(response.Headers, AuthClient.CookieName);
        Assert.NotNull(cookie);
        Assert.Equal(32, cookie.Value.Length);
        Assert.Equal("300", cookie["max-age"]);
        Assert.Equal(_site.Time.GetUtcNow().AddSeconds(300), DateTimeOffset.Parse(cookie["expires"]!));
        Assert.True(cookie.Has("httponly"));
    }

    [Fact]
    public async Task Login_GoodCredentials_StoresTheUserAndExpiry300InTheSessionRow()
    {
        var alice = await AppData.UserAsync(_site.App, "alice");

        var response = await AuthClient.ApiLoginAsync(_site.Client, "alice@example.com", "alice-password");

        var key = AuthClient.SessionKeyOf(response);
        var data = await AppData.ReadSessionAsync(_site.App.Database, _site.Site.Services, key);
        Assert.NotNull(data);
        Assert.Equal(alice.Id, data["user_id"]!.GetValue<long>());
        Assert.Equal("alice", data["username"]!.GetValue<string>());
        Assert.Equal($"**{alice.Id} alice alice@example.com", data["user_info"]!.GetValue<string>());
        Assert.Equal("true", data["is_login"]!.GetValue<string>());
        Assert.Equal(300, data["_session_expiry"]!.GetValue<int>());
        await using var db = _site.App.Database.CreateContext();
        var row = await db.DjangoSessions.AsNoTracking().SingleAsync();
        Assert.Equal(_site.Time.GetUtcNow().UtcDateTime.AddSeconds(300), row.ExpireDate);
    }

    [Fact]
    public async Task Login_EmailInAnotherCase_FindsTheSameAccount()
    {
        // The users table compares emails NOCASE: people type their address either way.
        var response = await AuthClient.ApiLoginAsync(_site.Client, "Alice@Example.COM", "alice-password");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("alice", (await response.Content.ReadFromJsonAsync<JsonObject>())!["user"]!["name"]!.GetValue<string>());
    }
}
