using System.Net;
using BlazorSessionDemo.Tests.Support;

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
}
