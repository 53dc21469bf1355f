using DjangoSessions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BlazorSessionDemo.E2E;

/// <summary>
/// The login → backend → logout flow in a real browser once per <c>Session:Engine</c> (Django's SESSION_ENGINE):
/// switching the store must not change what the user sees, and logout must end the session for every engine,
/// including signed_cookies, where Django itself would keep accepting a copied cookie.
/// Each case starts its own app on its engine, over a fresh SQLite file.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class EngineLoginFlowTests(BrowserFixture browser, RedisTestServer redisServer) : IClassFixture<RedisTestServer>
{
    [Theory]
    [InlineData(SessionEngineNames.Db)]
    [InlineData(SessionEngineNames.Cache)]
    [InlineData(SessionEngineNames.CachedDb)]
    [InlineData(SessionEngineNames.File)]
    [InlineData(SessionEngineNames.SignedCookies)]
    [InlineData(SessionEngineNames.Redis)]
    public async Task LogIn_CountVisit_LogOut_ThenTheOldCookieNoLongerLogsIn(string engine)
    {
        var redis = engine == SessionEngineNames.Redis ? await redisServer.GetAddressAsync() : null;
        using var app = EngineAppServer.Start(engine, redis);
        await using var context = await NewContextAsync(app);
        var page = await context.NewPageAsync();
        var consoleErrors = BrowserConsole.CollectErrors(page);

        await LoginPage.LogInToBackendAsync(page, app.BaseUrl);

        // SESSION_COOKIE_HTTPONLY (Django's default): page scripts never see the key, whatever the engine.
        var cookie = await LoginPage.SessionCookieAsync(context);
        Assert.NotNull(cookie);
        Assert.True(cookie.HttpOnly);

        await LoginPage.WaitForInteractiveCounterAsync(page);
        await Expect(page.Locator("#visit-count")).ToHaveTextAsync("0");
        await page.ClickAsync("#count-visit");
        if (engine == SessionEngineNames.SignedCookies)
        {
            // The session lives in the cookie; the circuit can't rewrite it, and the counter says so instead of faking it.
            await Expect(page.Locator("#counter-cookie-only")).ToBeVisibleAsync();
            await Expect(page.Locator("#visit-count")).ToHaveTextAsync("0");
        }
        else
        {
            await Expect(page.Locator("#visit-count")).ToHaveTextAsync("1");
        }

        // A new request and a new circuit read the count back from the store.
        await page.ReloadAsync();
        await LoginPage.WaitForInteractiveCounterAsync(page);
        await Expect(page.Locator("#visit-count")).ToHaveTextAsync(ExpectedVisitsAfterReload(engine));

        cookie = await LoginPage.SessionCookieAsync(context);
        Assert.NotNull(cookie);
        if (StoredSessions.HasInspectableStore(engine))
        {
            Assert.True(await StoredSessions.ExistsAsync(engine, app, redis, cookie.Value));
        }
        // The replay below can tell "revoked" from "a replayed cookie never works": before logout, it does.
        await AssertReplayedCookieOpensBackendAsync(app, cookie.Value, opens: true);

        await page.ClickAsync("#logout");
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/login?loggedOut=1");
        await Expect(page.Locator("#logged-out")).ToBeVisibleAsync();
        Assert.Null(await LoginPage.SessionCookieAsync(context));

        // logout() flushes: the stored session is deleted, so a copy of the old cookie opens nothing.
        await AssertReplayedCookieOpensBackendAsync(app, cookie.Value, opens: false);
        if (StoredSessions.HasInspectableStore(engine))
        {
            Assert.False(await StoredSessions.ExistsAsync(engine, app, redis, cookie.Value));
        }
        Assert.Empty(consoleErrors);
    }

    /// <summary>
    /// The circuit has no HTTP response, so it can only rewrite the stored session the cookie names. signed_cookies
    /// stores the session IN the cookie: its save returns a new cookie value that nobody can hand to the browser, so the
    /// browser keeps sending the cookie from login, which still says 0 visits.
    /// </summary>
    private static string ExpectedVisitsAfterReload(string engine) => engine == SessionEngineNames.SignedCookies ? "0" : "1";

    /// <summary>A fresh browser (no cookies) given only the session cookie's value, as a thief who copied it would be.</summary>
    private async Task AssertReplayedCookieOpensBackendAsync(EngineAppServer app, string cookieValue, bool opens)
    {
        await using var replay = await NewContextAsync(app);
        await replay.AddCookiesAsync([new Cookie { Name = "sessionid", Value = cookieValue, Url = app.BaseUrl, HttpOnly = true }]);
        var page = await replay.NewPageAsync();
        await page.GotoAsync("/backend");
        if (opens)
        {
            await Expect(page).ToHaveURLAsync(app.BaseUrl + "/backend");
            await Expect(page.Locator("#hello")).ToHaveTextAsync("hello alice");
        }
        else
        {
            await Expect(page).ToHaveURLAsync(app.BaseUrl + "/login?returnUrl=%2Fbackend");
            await Expect(page.Locator("#hello")).ToHaveCountAsync(0);
        }
    }

    private Task<IBrowserContext> NewContextAsync(EngineAppServer app) =>
        browser.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl });
}
