using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BlazorSessionDemo.E2E;

/// <summary>
/// The seed's <c>/session_test/</c> views in a real browser: each button is a form POST, so every step is
/// a real HTTP round trip that sets, keeps or deletes the <c>sessionid</c> cookie as Django's SessionMiddleware does.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class SessionTestPageTests(AppServerFixture app, BrowserFixture browser)
{
    [Fact]
    public async Task WriteReadFlush_ShowsHelloThenRemovesRow()
    {
        await using var context = await NewContextAsync();
        var page = await OpenSessionTestPageAsync(context);

        await page.ClickAsync("#write");
        // The page before Write has no row; seeing one means the POST and its redirect back have loaded.
        await Expect(page.Locator("#record-decoded")).ToContainTextAsync("hello");
        var cookie = await SessionCookieAsync(context);
        Assert.NotNull(cookie);
        // SESSION_COOKIE_HTTPONLY and SESSION_COOKIE_PATH defaults.
        Assert.True(cookie.HttpOnly);
        Assert.Equal("/", cookie.Path);
        await Expect(page.Locator("#record-location")).ToHaveTextAsync($"django_session row (session_key = '{cookie.Value}')");
        await Expect(page.Locator("#exchange-key-after")).ToHaveTextAsync(cookie.Value);
        Assert.True(await SessionRows.ExistsAsync(app, cookie.Value));
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("session_test.png"), FullPage = true });

        await page.ClickAsync("#read");
        await Expect(page.Locator("#read-value")).ToHaveTextAsync("hello");

        // flush() deletes the row and the middleware deletes the cookie of the now empty session.
        await page.ClickAsync("#flush");
        await Expect(page.Locator("#no-record")).ToBeVisibleAsync();
        await Expect(page.Locator("#exchange-key-before")).ToHaveTextAsync(cookie.Value);
        await Expect(page.Locator("#exchange-key-after")).ToHaveTextAsync("(none)");
        Assert.Null(await SessionCookieAsync(context));
        Assert.False(await SessionRows.ExistsAsync(app, cookie.Value));
    }

    [Fact]
    public async Task Delete_RemovesOnlyH1_KeepsRow()
    {
        await using var context = await NewContextAsync();
        var page = await OpenSessionTestPageAsync(context);
        await page.ClickAsync("#write");
        await Expect(page.Locator("#record-decoded")).ToContainTextAsync("h1");
        var cookie = await SessionCookieAsync(context);
        Assert.NotNull(cookie);

        // del request.session['h1']: Django's is_empty() is false while the session has a key, so the
        // middleware saves the now empty dict and keeps the cookie; only flush() removes the row.
        await page.ClickAsync("#delete");
        await Expect(page.Locator("#record-decoded")).Not.ToContainTextAsync("h1");
        await Expect(page.Locator("#record-location")).ToContainTextAsync(cookie.Value);
        await Expect(page.Locator("#exchange-diff")).ToContainTextAsync("removed");
        Assert.Equal(cookie.Value, (await SessionCookieAsync(context))?.Value);
        Assert.True(await SessionRows.ExistsAsync(app, cookie.Value));
    }

    private Task<IBrowserContext> NewContextAsync() => browser.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl });

    private static async Task<IPage> OpenSessionTestPageAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync("/session_test/");
        Assert.Equal(200, response?.Status);
        return page;
    }

    private static async Task<BrowserContextCookiesResult?> SessionCookieAsync(IBrowserContext context) =>
        (await context.CookiesAsync()).SingleOrDefault(c => c.Name == "sessionid");
}
