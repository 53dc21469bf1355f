using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BlazorSessionDemo.E2E;

/// <summary>The read-only <c>/settings</c> page and the home page that points at it, in a real browser.</summary>
[Collection(E2ECollection.Name)]
public sealed class SettingsPageTests(AppServerFixture app, BrowserFixture browser)
{
    [Fact]
    public async Task Settings_ShowsTheEngineAndEveryRow_ButNotTheSecretKey()
    {
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync("/settings");

        // The collection's app runs the default engine with a configured SECRET_KEY.
        await Expect(page.Locator("#engine")).ToHaveTextAsync("db");
        // One row per Django setting the app defines (22 since Session:Redis:NearCacheSize and NearCacheMaxAge).
        var rows = BlazorSessionDemo.Components.Pages.Settings.SessionSettingRows.Django(new(), new()).Count;
        Assert.Equal(22, rows);
        await Expect(page.Locator("#django-settings tbody tr")).ToHaveCountAsync(rows);
        await Expect(page.Locator("tr[data-setting='Session:SecretKey'] .active-value")).ToHaveTextAsync("set");
        Assert.DoesNotContain(AppServerFixture.SecretKey, await page.ContentAsync());
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("settings.png"), FullPage = true });
    }

    [Fact]
    public async Task Home_LinksToSettings_AndListsTheDemoAccounts()
    {
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");

        await Expect(page.Locator("#accounts tbody tr")).ToHaveCountAsync(3);
        await Expect(page.Locator("#engine")).ToHaveTextAsync("db");
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("home.png"), FullPage = true });

        await page.Locator("#pages").GetByRole(AriaRole.Link, new() { Name = "/settings" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/settings");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Session settings");
    }

    private Task<IBrowserContext> NewContextAsync() => browser.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl });
}
