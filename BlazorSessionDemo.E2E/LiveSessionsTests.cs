using System.Text.RegularExpressions;
using DjangoSessions.Catalog;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BlazorSessionDemo.E2E;

/// <summary>
/// Issue 5 in two browsers: alice sits on /backend while an admin watches /admin/sessions. Her session appears on the
/// admin's page by itself (no reload), the admin ends it after confirming, and her open page leaves for /login by itself.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class LiveSessionsTests(AppServerFixture app, BrowserFixture browser)
{
    [Fact]
    public async Task AdminSeesAliceArriveLive_EndsHerSession_AndHerOpenPageGoesToLogin()
    {
        await using var adminContext = await NewContextAsync();
        var admin = await adminContext.NewPageAsync();
        var adminErrors = BrowserConsole.CollectErrors(admin);
        await admin.GotoAsync("/login");
        await LoginPage.LogInAsync(admin, "admin", "admin-password");
        await Expect(admin.Locator("#hello")).ToHaveTextAsync("hello admin");
        // A nav click before the circuit is up can be lost on a loaded machine.
        await Expect(admin.Locator("#session-watch")).ToBeAttachedAsync();
        await admin.ClickAsync("#nav-admin-sessions");
        await Expect(admin.Locator("#sessions-live")).ToBeAttachedAsync();

        await using var aliceContext = await NewContextAsync();
        var alice = await aliceContext.NewPageAsync();
        await alice.GotoAsync("/login");
        await LoginPage.LogInAsync(alice);
        await Expect(alice.Locator("#hello")).ToHaveTextAsync("hello alice");
        await Expect(alice.Locator("#session-watch")).ToBeAttachedAsync();
        var aliceCookie = await LoginPage.SessionCookieAsync(aliceContext);
        Assert.NotNull(aliceCookie);
        var fingerprint = SessionFingerprint.Of(aliceCookie.Value);

        // Live: the admin's page was open before alice logged in and is never reloaded.
        var row = admin.Locator("tr", new() { Has = admin.Locator($"button.end-session[data-fingerprint='{fingerprint}']") });
        await Expect(row).ToBeVisibleAsync();
        await Expect(row.Locator(".user")).ToHaveTextAsync("alice");
        await Expect(row).ToContainTextAsync("Headless Chrome on Linux");
        Assert.DoesNotContain(aliceCookie.Value, await admin.ContentAsync());

        await row.Locator("button.end-session").ClickAsync();
        await Expect(admin.Locator("#confirm-question")).ToContainTextAsync($"End session {fingerprint} of alice?");
        await admin.ScreenshotAsync(new() { Path = Screenshots.PathFor("admin-sessions.png"), FullPage = true });
        await admin.ClickAsync("#confirm-yes");
        await Expect(admin.Locator("#admin-status")).ToHaveTextAsync("Session ended.");
        await Expect(row).ToHaveCountAsync(0);

        // Alice's page notices on its own and goes to the login page, saying why.
        await Expect(alice).ToHaveURLAsync(EndedLogin());
        await Expect(alice.Locator("#session-ended")).ToBeVisibleAsync();
        await alice.GotoAsync("/backend");
        await Expect(alice).ToHaveURLAsync(app.BaseUrl + "/login?returnUrl=%2Fbackend");
        Assert.Empty(adminErrors);
    }

    [Fact]
    public async Task NonStaffUser_GetsNoAdminLink_AndTheAdminPageIsForbidden()
    {
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await LoginPage.LogInAsync(page);
        await Expect(page.Locator("#hello")).ToHaveTextAsync("hello alice");

        await Expect(page.Locator("#nav-admin-sessions")).ToHaveCountAsync(0);
        var response = await page.GotoAsync("/admin/sessions");

        Assert.Equal(403, response!.Status);
    }

    [Fact]
    public async Task MySessions_EndAllOthers_WithThePassword_SendsTheOtherBrowserToLogin()
    {
        await using var laptopContext = await NewContextAsync();
        await using var phoneContext = await NewContextAsync();
        var (laptop, phone) = await AliceOnMySessionsAndElsewhereAsync(laptopContext, phoneContext);
        await laptop.FillAsync("#confirm-password", "wrong-password");
        await laptop.ClickAsync("#end-others");
        await Expect(laptop.Locator("#account-status")).ToHaveTextAsync("Wrong password: no session was ended.");
        await laptop.FillAsync("#confirm-password", LoginPage.Password);
        await laptop.ClickAsync("#end-others");

        await Expect(laptop.Locator("#account-status")).ToContainTextAsync("other session ended.");
        await Expect(phone).ToHaveURLAsync(EndedLogin());
        await Expect(laptop.Locator("#my-sessions li")).ToHaveCountAsync(1);
        await Expect(laptop.Locator("#my-sessions li.current")).ToHaveCountAsync(1);
    }

    /// <summary>alice logged in on two browsers: the laptop's page on /account/sessions (live), the phone's on a watched page.</summary>
    private static async Task<(IPage Laptop, IPage Phone)> AliceOnMySessionsAndElsewhereAsync(IBrowserContext laptopContext, IBrowserContext phoneContext)
    {
        var laptop = await laptopContext.NewPageAsync();
        await laptop.GotoAsync("/login");
        await LoginPage.LogInAsync(laptop);
        await Expect(laptop.Locator("#session-watch")).ToBeAttachedAsync();
        var phone = await phoneContext.NewPageAsync();
        await phone.GotoAsync("/login");
        await LoginPage.LogInAsync(phone);
        await Expect(phone.Locator("#session-watch")).ToBeAttachedAsync();
        await laptop.ClickAsync("#nav-my-sessions");
        await Expect(laptop.Locator("#my-sessions-live")).ToBeAttachedAsync();
        return (laptop, phone);
    }

    private Task<IBrowserContext> NewContextAsync() => browser.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl });

    [Fact]
    public async Task MySessions_SignOutEverywhere_SendsBothBrowsersToLogin()
    {
        await using var laptopContext = await NewContextAsync();
        await using var phoneContext = await NewContextAsync();
        var (laptop, phone) = await AliceOnMySessionsAndElsewhereAsync(laptopContext, phoneContext);
        // This browser is pinned first and badged.
        await Expect(laptop.Locator("#my-sessions li").First.Locator(".this-session")).ToHaveTextAsync("This browser");
        await laptop.FillAsync("#confirm-password", LoginPage.Password);
        await laptop.ClickAsync("#end-everywhere");

        await Expect(laptop).ToHaveURLAsync(EndedLogin());
        await Expect(phone).ToHaveURLAsync(EndedLogin());
        await laptop.GotoAsync("/backend");
        await Expect(laptop).ToHaveURLAsync(new Regex("/login"));
    }

    private Regex EndedLogin() => new($"^{Regex.Escape(app.BaseUrl)}/login\\?ended=1$");
}
