using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BlazorSessionDemo.E2E;

/// <summary>
/// <c>/session</c> in a real browser: each button is a form POST the session middleware answers with the cookie
/// change, then a redirect back to the page, which shows the cookie and the stored record as they are now.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class SessionPlaygroundTests(AppServerFixture app, BrowserFixture browser)
{
    [Fact]
    public async Task SetThenCycleKeyThenFlush_RecordFollowsTheCookie()
    {
        await using var context = await browser.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl });
        var page = await context.NewPageAsync();
        var errors = BrowserConsole.CollectErrors(page);
        Assert.Equal(200, (await page.GotoAsync("/session"))?.Status);
        // Looking creates nothing (Django's lazy sessions).
        await Expect(page.Locator("#no-session")).ToBeVisibleAsync();
        Assert.Null(await SessionCookieAsync(context));

        await page.FillAsync("#set-key", "k");
        await page.FillAsync("#set-value", """{"a":[1,2]}""");
        await page.ClickAsync("#set");
        await Expect(page.Locator("#result-django")).ToHaveTextAsync("request.session['k'] = v");
        await Expect(page.Locator("#result-dotnet")).ToHaveTextAsync("session[\"k\"] = JsonNode.Parse(v);");
        var first = await SessionCookieAsync(context);
        Assert.NotNull(first);
        await Expect(page.Locator("#cookie-value")).ToHaveTextAsync(first.Value);
        await Expect(page.Locator("#record-location")).ToContainTextAsync("django_session row");
        var decoded = JsonNode.Parse(await page.Locator("#record-decoded").TextContentAsync() ?? "")!;
        Assert.Equal("""{"a":[1,2]}""", decoded["k"]!.ToJsonString());
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("session.png"), FullPage = true });

        await page.ClickAsync("#cycle_key");
        await Expect(page.Locator("#result-django")).ToHaveTextAsync("request.session.cycle_key()");
        var second = await SessionCookieAsync(context);
        Assert.NotNull(second);
        Assert.NotEqual(first.Value, second.Value);
        await Expect(page.Locator("#cookie-value")).ToHaveTextAsync(second.Value);
        await Expect(page.Locator("#record-decoded")).ToContainTextAsync("\"a\"");
        Assert.False(await SessionRows.ExistsAsync(app, first.Value));

        await page.ClickAsync("#flush");
        await Expect(page.Locator("#no-record")).ToBeVisibleAsync();
        await Expect(page.Locator("#no-session")).ToBeVisibleAsync();
        Assert.Null(await SessionCookieAsync(context));
        Assert.False(await SessionRows.ExistsAsync(app, second.Value));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task InvalidJson_ShowsTheMessageAtTheField_AndSetsNoCookie()
    {
        await using var context = await browser.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/session");

        await page.FillAsync("#set-key", "k");
        await page.FillAsync("#set-value", "{oops");
        await page.ClickAsync("#set");

        await Expect(page.Locator("#set-value-error")).ToContainTextAsync("Not valid JSON");
        await Expect(page.Locator("#set-value")).ToHaveValueAsync("{oops");
        await Expect(page.Locator("#no-session")).ToBeVisibleAsync();
        Assert.Null(await SessionCookieAsync(context));
    }

    private static async Task<BrowserContextCookiesResult?> SessionCookieAsync(IBrowserContext context) =>
        (await context.CookiesAsync()).SingleOrDefault(c => c.Name == "sessionid");
}
