using BlazorSessionDemo.Components.Pages.Cookies;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BlazorSessionDemo.E2E;

/// <summary>
/// The /cookies page in a real browser: Django's <c>set_cookie</c> / <c>delete_cookie</c> as form POSTs, checked in
/// the browser's own cookie jar (what it actually stored) and in the page's <c>request.COOKIES</c> list.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class CookiesPageTests(AppServerFixture app, BrowserFixture browser)
{
    private const string CookieRow = "#request-cookies tr[data-cookie=\"flavour\"]";

    [Fact]
    public async Task DocumentCookie_ShowsWhatScriptSees_HttpOnlyCookiesOnlyInWhatTheServerReceived()
    {
        await using var context = await browser.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl });
        var page = await context.NewPageAsync();
        var consoleErrors = BrowserConsole.CollectErrors(page);
        await page.GotoAsync("/cookies");
        await page.FillAsync("#set-key", "visible");
        await page.FillAsync("#set-value", "yes");
        await page.ClickAsync("#set-submit");
        await Expect(page.Locator("#set-header")).ToContainTextAsync("Set-Cookie: visible=yes");
        await page.FillAsync("#set-key", "hidden");
        await page.FillAsync("#set-value", "no");
        await page.CheckAsync("#set-httponly");
        await page.ClickAsync("#set-submit");
        await Expect(page.Locator("#set-header")).ToContainTextAsync("Set-Cookie: hidden=no");

        await page.GotoAsync("/cookies");

        await Expect(page.Locator("#document-cookie")).ToHaveTextAsync("visible=yes");
        await Expect(page.Locator("#request-cookies tr[data-cookie=\"hidden\"]")).ToHaveCountAsync(1);
        await Expect(page.Locator("#request-cookies tr[data-cookie^=\".AspNetCore.Antiforgery\"]")).ToHaveCountAsync(1);
        // Enhanced navigation (a nav link) swaps the page in without a load: the script fills it in again.
        await page.ClickAsync("nav a[href='settings']");
        await page.ClickAsync("nav a[href='cookies']");
        await Expect(page.Locator("#document-cookie")).ToHaveTextAsync("visible=yes");
        Assert.Empty(consoleErrors);
    }

    [Fact]
    public async Task DomainNotMatchingTheHost_IsWarned_AndTheBrowserStoresNothing()
    {
        await using var context = await browser.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/cookies");

        await page.FillAsync("#set-key", "far");
        await page.FillAsync("#set-value", "away");
        await page.FillAsync("#set-domain", "example.com");
        await page.ClickAsync("#set-submit");

        await Expect(page.Locator("#set-header")).ToContainTextAsync("domain=example.com");
        await Expect(page.Locator("#set-domain-ignored")).ToContainTextAsync("The browser will ignore this header");
        Assert.Null(await CookieAsync(context, "far"));
    }

    [Fact]
    public async Task SetWithMaxAge_BrowserStoresItWithItsAttributes_PageListsIt_DeleteRemovesIt()
    {
        await using var context = await browser.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl });
        var page = await context.NewPageAsync();
        var consoleErrors = BrowserConsole.CollectErrors(page);
        await page.GotoAsync("/cookies");

        await page.FillAsync("#set-key", "flavour");
        await page.FillAsync("#set-value", "oatmeal");
        await page.FillAsync("#set-max-age", "3600");
        await page.CheckAsync("#set-httponly");
        await page.SelectOptionAsync("#set-samesite", "Strict");
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await page.ClickAsync("#set-submit");
        await Expect(page.Locator("#set-header")).ToContainTextAsync("Set-Cookie: flavour=oatmeal; expires=");
        var after = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var cookie = await CookieAsync(context, "flavour");
        Assert.NotNull(cookie);
        Assert.Equal("oatmeal", cookie.Value);
        Assert.True(cookie.HttpOnly);
        Assert.False(cookie.Secure);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.Equal("/", cookie.Path);
        // max_age=3600 counted from the server's answer, which came between the two readings of the clock.
        Assert.InRange(cookie.Expires, before + 3600 - 1, after + 3600 + 1);
        await Expect(page.Locator("#set-django-call")).ToHaveTextAsync(
            "response.set_cookie('flavour', 'oatmeal', max_age=3600, httponly=True, samesite='Strict')");
        // The answer keeps what was posted, the select included.
        await Expect(page.Locator("#set-samesite")).ToHaveValueAsync("Strict");
        await Expect(page.Locator("#set-httponly")).ToBeCheckedAsync();
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("cookies.png"), FullPage = true });

        // The POST's own list is what that request carried; the next request carries the new cookie.
        await page.GotoAsync("/cookies");
        await Expect(page.Locator(CookieRow + " .cookie-value")).ToHaveTextAsync("oatmeal");

        await page.FillAsync("#delete-key", "flavour");
        await page.ClickAsync("#delete-submit");
        await Expect(page.Locator("#delete-header")).ToHaveTextAsync("Set-Cookie: flavour=; expires=Thu, 01 Jan 1970 00:00:00 GMT; max-age=0; path=/");
        Assert.Null(await CookieAsync(context, "flavour"));
        await page.GotoAsync("/cookies");
        await Expect(page.Locator(CookieRow)).ToHaveCountAsync(0);
        Assert.Empty(consoleErrors);
    }

    [Fact]
    public async Task InvalidInput_ShowsMessageAtTheField_AndTheBrowserGetsNoCookie()
    {
        await using var context = await browser.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/cookies");
        var before = (await context.CookiesAsync()).Select(c => c.Name).Order().ToList();

        await page.FillAsync("#set-key", "my cookie");
        await page.FillAsync("#set-value", "v");
        await page.SelectOptionAsync("#set-samesite", "None");
        await page.ClickAsync("#set-submit");

        await Expect(page.Locator("#set-key-field .validation-message")).ToHaveTextAsync(CookieRules.KeyNotToken);
        await Expect(page.Locator("#set-samesite-field .validation-message")).ToHaveTextAsync(CookieRules.SameSiteNoneNeedsSecure);
        await Expect(page.Locator("#set-result")).ToHaveCountAsync(0);
        Assert.Equal(before, (await context.CookiesAsync()).Select(c => c.Name).Order().ToList());
    }

    private static async Task<BrowserContextCookiesResult?> CookieAsync(IBrowserContext context, string name) =>
        (await context.CookiesAsync()).SingleOrDefault(c => c.Name == name);
}
