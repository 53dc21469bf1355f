using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BlazorSessionDemo.E2E;

/// <summary>
/// The interactive visit counter on <c>/backend</c> writes the stored session from the Blazor circuit, where there is no
/// HTTP response and no cookie to set: it can only update the session the page was rendered with.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class VisitCounterTests(AppServerFixture app, BrowserFixture browser)
{
    [Fact]
    public async Task Count_InOneTab_IsSeenByAnotherTabOfTheSameSession()
    {
        await using var context = await NewContextAsync();
        var first = await LoggedInBackendAsync(context);
        await first.ClickAsync("#count-visit");
        await Expect(first.Locator("#visit-count")).ToHaveTextAsync("1");

        // Same browser, same cookie, same stored session.
        var second = await context.NewPageAsync();
        await second.GotoAsync("/backend");
        await LoginPage.WaitForInteractiveCounterAsync(second);
        await Expect(second.Locator("#visit-count")).ToHaveTextAsync("1");
        await second.ClickAsync("#count-visit");
        await Expect(second.Locator("#visit-count")).ToHaveTextAsync("2");

        // The first tab's circuit re-reads the session on each click, so it continues from the other tab's count.
        await first.ClickAsync("#count-visit");
        await Expect(first.Locator("#visit-count")).ToHaveTextAsync("3");
    }

    [Fact]
    public async Task LogoutInAnotherTab_SendsTheOpenPageToLogin_ByItself()
    {
        await using var context = await NewContextAsync();
        var first = await LoggedInBackendAsync(context);
        await Expect(first.Locator("#session-watch")).ToBeAttachedAsync();

        var second = await context.NewPageAsync();
        await second.GotoAsync("/backend");
        await second.ClickAsync("#logout");
        await Expect(second.Locator("#logged-out")).ToBeVisibleAsync();

        // Issue 5: the logout ends the session, and its other open page hears of it and follows to the login page.
        await Expect(first).ToHaveURLAsync(app.BaseUrl + "/login?loggedOut=1");
        await Expect(first.Locator("#logged-out")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Count_AfterTheStoredSessionVanished_SaysTheSessionEnded()
    {
        await using var context = await NewContextAsync();
        var first = await LoggedInBackendAsync(context);
        var cookie = await LoginPage.SessionCookieAsync(context);
        Assert.NotNull(cookie);

        // Deleted behind the app's back (a Django peer sharing the table, say): no event, so the page stays.
        await SessionRows.DeleteAsync(app, cookie.Value);

        // The row is gone; saving must not resurrect it (Django's SessionInterrupted), so the widget gives up.
        await first.ClickAsync("#count-visit");
        await Expect(first.Locator("#counter-ended")).ToContainTextAsync("This session has ended.");
        await Expect(first.Locator("#count-visit")).ToHaveCountAsync(0);
    }

    private Task<IBrowserContext> NewContextAsync() => browser.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl });

    private static async Task<IPage> LoggedInBackendAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await LoginPage.LogInAsync(page);
        await Expect(page.Locator("#hello")).ToHaveTextAsync("hello alice");
        await LoginPage.WaitForInteractiveCounterAsync(page);
        return page;
    }
}
