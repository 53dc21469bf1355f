using Deque.AxeCore.Playwright;
using DjangoSessions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BlazorSessionDemo.E2E;

/// <summary>
/// "What just happened" in a real browser: session_test's Write on the db and file engines shows the engine's own
/// record (the row, the file) and the Set-Cookie the POST's response carried; login shows the key it replaced. The
/// panel and its strip fit a phone (a column) and a desktop (a row), with no blocking axe finding.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class ExchangePanelTests(AppServerFixture app, BrowserFixture browser)
{
    private static readonly string[] BlockingImpacts = ["serious", "critical"];

    [Theory]
    [InlineData(SessionEngineNames.Db, 390)]
    [InlineData(SessionEngineNames.File, 1280)]
    public async Task SessionTestWrite_ShowsTheEnginesRecord_AndTheSetCookieLine(string engine, int width)
    {
        using var server = EngineAppServer.Start(engine);
        await using var context = await browser.Browser.NewContextAsync(new()
        {
            BaseURL = server.BaseUrl,
            ViewportSize = new() { Width = width, Height = 844 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/session_test/");

        await page.ClickAsync("#write");

        await Expect(page.Locator("#exchange")).ToBeVisibleAsync();
        var key = (await context.CookiesAsync()).Single(c => c.Name == "sessionid").Value;
        var where = engine == SessionEngineNames.Db
            ? $"django_session row (session_key = '{key}')"
            : $"file {Path.GetFullPath(Path.Combine(server.FileFolder!, "sessionid" + key))}";
        await Expect(page.Locator("#record-location")).ToHaveTextAsync(where);
        await Expect(page.Locator("#record-decoded")).ToContainTextAsync("\"h1\": \"hello\"");
        await Expect(page.Locator("#exchange-set-cookie .set-cookie")).ToContainTextAsync($"Set-Cookie: sessionid={key}; ");
        await Expect(page.Locator("#exchange-key-after")).ToHaveTextAsync(key);
        await Expect(page.Locator("#exchange-step-get")).ToContainTextAsync($"Cookie: sessionid={key}");
        await AssertFitsAsync(page, width);
        await page.Locator("#exchange").ScreenshotAsync(new() { Path = Screenshots.PathFor($"exchange-{engine}{(width < 768 ? "-phone" : "")}.png") });
    }

    [Fact]
    public async Task Login_ShowsTheKeyBeforeAndAfter_Differing_AndLogout_ShowsTheKeyGone()
    {
        await using var context = await browser.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/session_test/");
        await page.ClickAsync("#write");
        await Expect(page.Locator("#exchange")).ToBeVisibleAsync();
        var before = (await LoginPage.SessionCookieAsync(context))!.Value;

        await LoginPage.LogInToBackendAsync(page, app.BaseUrl);

        var after = (await LoginPage.SessionCookieAsync(context))!.Value;
        Assert.NotEqual(before, after);
        await Expect(page.Locator("#exchange-key-before")).ToHaveTextAsync(before);
        await Expect(page.Locator("#exchange-key-after")).ToHaveTextAsync(after);
        await Expect(page.Locator("#exchange-key-note")).ToContainTextAsync("session fixation");
        await Expect(page.Locator("#exchange-diff")).ToContainTextAsync("(hidden)");
        await AssertFitsAsync(page, 1280);

        // Logout flushes: the login page it lands on shows the key gone and the cookie deleted.
        await page.ClickAsync("#logout");
        await Expect(page.Locator("#logged-out")).ToBeVisibleAsync();
        await Expect(page.Locator("#exchange-key-before")).ToHaveTextAsync(after);
        await Expect(page.Locator("#exchange-key-after")).ToHaveTextAsync("(none)");
        await Expect(page.Locator("#exchange-step-response")).ToContainTextAsync("Set-Cookie: sessionid= (deleted)");
    }

    /// <summary>No horizontal scroll; the strip a column on a phone and a row on a desktop; no blocking axe finding.</summary>
    private static async Task AssertFitsAsync(IPage page, int width)
    {
        var overflow = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        var wide = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('body *')].filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible').map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + e.scrollWidth + '>' + e.clientWidth).slice(0, 15)");
        Assert.True(overflow[0] <= overflow[1], $"the page is {overflow[0]} px wide in a {overflow[1]} px viewport: {string.Join(" | ", wide)}");
        var post = (await page.Locator("#exchange-step-post").BoundingBoxAsync())!;
        var get = (await page.Locator("#exchange-step-get").BoundingBoxAsync())!;
        if (width < 768)
        {
            Assert.Equal(post.X, get.X);
            Assert.True(get.Y > post.Y + post.Height, "on a phone the steps stack");
        }
        else
        {
            Assert.Equal(post.Y, get.Y);
            Assert.True(get.X > post.X + post.Width, "on a desktop the steps stand in a row");
        }
        var axe = await page.RunAxe();
        var blocking = axe.Violations.Where(v => BlockingImpacts.Contains(v.Impact)).ToList();
        Assert.True(blocking.Count == 0, string.Join(Environment.NewLine,
            blocking.Select(v => $"- {v.Id} ({v.Impact}) at {string.Join(", ", v.Nodes.Select(n => n.Target.ToString()))}")));
    }
}
