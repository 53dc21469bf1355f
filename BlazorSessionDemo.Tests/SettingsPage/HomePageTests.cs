using System.Net;

namespace BlazorSessionDemo.Tests.SettingsPage;

/// <summary>The home page through the whole app: the demo accounts, a link to every page, and the engine in use.</summary>
public sealed class HomePageTests
{
    [Theory]
    [InlineData("alice", "alice-password")]
    [InlineData("bob", "bob-password")]
    [InlineData("admin", "admin-password")]
    public async Task Home_ListsEachDemoAccount_WithItsPassword(string username, string password)
    {
        var html = await GetHomeAsync([]);

        Assert.Contains($"<th scope=\"row\"><code>{username}</code></th>", html);
        Assert.Contains($"<td>{username}@example.com</td>", html);
        Assert.Contains($"<code>{password}</code>", html);
    }

    [Theory]
    [InlineData("login")]
    [InlineData("backend")]
    [InlineData("session_test/")]
    [InlineData("session")]
    [InlineData("cookies")]
    [InlineData("settings")]
    public async Task Home_LinksToEachPage_InItsList(string href)
    {
        var html = await GetHomeAsync([]);

        var list = html[html.IndexOf("<ul id=\"pages\"", StringComparison.Ordinal)..];
        list = list[..list.IndexOf("</ul>", StringComparison.Ordinal)];
        Assert.Contains($"<a href=\"{href}\">/{href}</a>", list);
    }

    [Theory]
    [InlineData("db", "django.contrib.sessions.backends.db")]
    [InlineData("signed_cookies", "django.contrib.sessions.backends.signed_cookies")]
    public async Task Home_SaysWhichEngineRuns(string engine, string djangoPath)
    {
        var html = await GetHomeAsync(new() { ["Session:Engine"] = engine });

        Assert.Contains($"<strong id=\"engine\">{engine}</strong> <code>{djangoPath}</code>", html);
        Assert.DoesNotContain("id=\"sessions-off\"", html);
    }

    [Fact]
    public async Task Home_WithSessionsOff_SaysSo()
    {
        var html = await GetHomeAsync(new() { ["Session:Enabled"] = "false" });

        Assert.Contains("id=\"sessions-off\"", html);
    }

    private static async Task<string> GetHomeAsync(Dictionary<string, string?> settings)
    {
        await using var app = new AppFactory(settings);
        using var client = app.CreateClient();
        var response = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
