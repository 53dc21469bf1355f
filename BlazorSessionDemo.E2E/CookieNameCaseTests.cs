using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BlazorSessionDemo.E2E;

/// <summary>
/// Issue 12, hole 6, in a real browser: Chromium keeps cookies whose names differ only in case as separate cookies
/// and sends both. With a <c>SESSIONID</c> and a lower-case antiforgery twin planted beside the real ones (as a sibling
/// subdomain could), the session is still read and the page's forms still pass their antiforgery check.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class CookieNameCaseTests(AppServerFixture app, BrowserFixture browser)
{
    [Fact]
    public async Task PlantedCaseTwins_OfTheSessionAndAntiforgeryCookies_BreakNeitherTheSessionNorTheForms()
    {
        await using var context = await browser.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/session_test/");
        await page.ClickAsync("#write");
        await Expect(page.Locator("#record-decoded")).ToContainTextAsync("hello");
        var cookies = await context.CookiesAsync();
        var session = cookies.Single(c => c.Name == "sessionid");
        var antiforgery = cookies.Single(c => c.Name.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));

        await context.AddCookiesAsync(
        [
            new Cookie { Name = "SESSIONID", Value = "planted", Url = app.BaseUrl },
            new Cookie { Name = antiforgery.Name.ToLowerInvariant(), Value = "CfDJ8planted", Url = app.BaseUrl },
        ]);
        var names = (await context.CookiesAsync()).Select(c => c.Name).ToList();
        Assert.Contains("SESSIONID", names);
        Assert.Contains(antiforgery.Name.ToLowerInvariant(), names);

        await page.GotoAsync("/session_test/");
        await page.ClickAsync("#read");

        await Expect(page.Locator("#read-value")).ToHaveTextAsync("hello");
        await Expect(page.Locator("#record-location")).ToContainTextAsync(session.Value);
        Assert.Equal(session.Value, (await context.CookiesAsync()).Single(c => c.Name == "sessionid").Value);
    }
}
