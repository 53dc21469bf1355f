using System.Net;

namespace BlazorSessionDemo.Tests.App;

public sealed class SessionsDisabledTests
{
    [Fact]
    public async Task SessionsSwitchedOff_AppStillServesPages_AndSaysSo()
    {
        await using var app = new AppFactory(new() { ["Session:Enabled"] = "false" });
        var client = app.CreateBrowserLikeClient();

        var home = await client.GetAsync("/");
        var demo = await client.GetAsync("/session_test/");

        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("Sessions are switched off", await demo.Content.ReadAsStringAsync());
        Assert.Null(SetCookie.Find(demo.Headers, "sessionid"));
    }

    [Fact]
    public async Task SessionsSwitchedOff_ApiLogin_Answers503WithReason_NotA500()
    {
        await using var app = new AppFactory(new() { ["Session:Enabled"] = "false" });
        var client = app.CreateBrowserLikeClient();

        var response = await client.PostAsync("/api/login", System.Net.Http.Json.JsonContent.Create(
            new { email = "alice@example.com", password = "alice-password" }));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("sessions are switched off", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SessionsSwitchedOff_LoginForm_SaysWhy()
    {
        await using var app = new AppFactory(new() { ["Session:Enabled"] = "false" });
        var client = app.CreateBrowserLikeClient();

        var response = await AntiforgeryForm.PostAsync(client, "/login", "login",
            new() { ["Input.Username"] = "alice", ["Input.Password"] = "alice-password" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("sessions are switched off", await response.Content.ReadAsStringAsync());
    }
}
