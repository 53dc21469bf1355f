using System.Net;
using System.Text.RegularExpressions;
using BlazorSessionDemo.Tests.Auth;
using BlazorSessionDemo.Components.Pages.Playground;
using static BlazorSessionDemo.Tests.Playground.PlaygroundPage;

namespace BlazorSessionDemo.Tests.Playground;

/// <summary>
/// Issue 12, hole 7: the last action's outcome travels as a one-time protected message, never in the URL - so a big
/// value no longer turns the redirect into a browser's 414, and a crafted query string shows nothing.
/// </summary>
public sealed class PlaygroundLastActionTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private readonly HttpClient _client;

    public PlaygroundLastActionTests() => _client = _app.CreateBrowserLikeClient();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Set_20KbValue_RedirectsToAShortUrl_StoresTheValue_AndShowsTheOutcome()
    {
        var value = "\"" + new string('x', 20 * 1024) + "\"";

        var response = await SetAsync(_client, "big", value);
        var location = AuthClient.RedirectTarget(response);
        var html = await FollowAsync(_client, response);

        Assert.Equal(PagePath, location);
        Assert.Equal(value, (await LoadAsync(_app, SessionCookie(response)!.Value))!["big"]!.ToJsonString());
        Assert.Equal("request.session['big'] = v", Text(html, "result-django"));
        Assert.StartsWith("\"xxxx", Text(html, "result-argument"));
        Assert.True(SetCookie.Find(response.Headers, PlaygroundLastAction.CookieName) is { Value.Length: < 4000 });
    }

    [Fact]
    public async Task Get_OfA20KbValue_RoundTrips_WithoutA414()
    {
        var value = "\"" + new string('y', 20 * 1024) + "\"";
        await FollowAsync(_client, await SetAsync(_client, "big", value));

        var response = await PostAsync(_client, "get", new() { ["key"] = "big" });
        var html = await FollowAsync(_client, response);

        Assert.Equal(PagePath, AuthClient.RedirectTarget(response));
        Assert.StartsWith("\"yyyy", Text(html, "result-value"));
    }

    [Fact]
    public async Task CraftedQueryString_DisplaysNoResult()
    {
        var html = await _client.GetStringAsync("/session?did=get&key=password&result=hunter2");

        Assert.Null(Text(html, "result"));
        Assert.Null(Text(html, "result-value"));
        // The forms post back to the URL they were rendered at (an attribute, never shown); no text on the page has it.
        Assert.DoesNotContain("hunter2", Regex.Replace(html, "action=\"[^\"]*\"", ""));
    }

    [Fact]
    public async Task Outcome_IsShownOnce()
    {
        var first = await FollowAsync(_client, await SetAsync(_client, "k", "1"));
        var second = await _client.GetStringAsync(PagePath);

        Assert.Equal("request.session['k'] = v", Text(first, "result-django"));
        Assert.Null(Text(second, "result-django"));
    }

    [Fact]
    public async Task ForgedMessageCookie_DisplaysNothing()
    {
        using var client = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });
        var request = new HttpRequestMessage(HttpMethod.Get, PagePath);
        request.Headers.Add("Cookie", $"{PlaygroundLastAction.CookieName}=" + Uri.EscapeDataString("""{"Action":"get","Key":"password","Argument":null,"Result":"hunter2"}"""));

        var html = await (await client.SendAsync(request)).Content.ReadAsStringAsync();

        Assert.DoesNotContain("hunter2", html);
        Assert.Null(Text(html, "result-value"));
    }
}
