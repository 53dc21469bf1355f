using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BlazorSessionDemo.E2E;

/// <summary>
/// Issue 3's login flow in a real browser against the real server: the login form (static SSR POST), the backend page,
/// the interactive visit counter that saves <c>session["visits"]</c> over the Blazor circuit, and logout (flush).
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class LoginFlowTests(AppServerFixture app, BrowserFixture browser)
{
    [Fact]
    public async Task LogIn_CountVisits_Reload_LogOut_ThenBackendNeedsLoginAgain()
    {
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        var consoleErrors = BrowserConsole.CollectErrors(page);

        await LoginPage.LogInToBackendAsync(page, app.BaseUrl);

        await Expect(page.Locator("#user-info")).ToContainTextAsync(" alice alice@example.com");
        await Expect(page.Locator("#nav-user")).ToContainTextAsync("alice");

        await LoginPage.WaitForInteractiveCounterAsync(page);
        await Expect(page.Locator("#visit-count")).ToHaveTextAsync("0");
        await page.ClickAsync("#count-visit");
        await Expect(page.Locator("#visit-count")).ToHaveTextAsync("1");
        await page.ClickAsync("#count-visit");
        await Expect(page.Locator("#visit-count")).ToHaveTextAsync("2");
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("backend.png"), FullPage = true });

        // The circuit saved the count into the stored session: a new request (and a new circuit) reads it back.
        await page.ReloadAsync();
        await LoginPage.WaitForInteractiveCounterAsync(page);
        await Expect(page.Locator("#visit-count")).ToHaveTextAsync("2");

        // SESSION_COOKIE_HTTPONLY and SESSION_COOKIE_SAMESITE = 'Lax' (Django's defaults).
        var cookie = await LoginPage.SessionCookieAsync(context);
        Assert.NotNull(cookie);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, cookie.SameSite);
        Assert.True(await SessionRows.ExistsAsync(app, cookie.Value));

        // logout() flushes: the row is deleted and the cookie removed.
        await page.ClickAsync("#logout");
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/login?loggedOut=1");
        await Expect(page.Locator("#logged-out")).ToBeVisibleAsync();
        Assert.Null(await LoginPage.SessionCookieAsync(context));
        Assert.False(await SessionRows.ExistsAsync(app, cookie.Value));

        // @login_required: back to the login page, remembering where the user wanted to go.
        await page.GotoAsync("/backend");
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/login?returnUrl=%2Fbackend");
        Assert.Empty(consoleErrors);
    }

    [Fact]
    public async Task LogIn_FromReturnUrl_LandsThereWithAFreshSession()
    {
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/backend");
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/login?returnUrl=%2Fbackend");

        await LoginPage.LogInAsync(page);

        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/backend");
        await LoginPage.WaitForInteractiveCounterAsync(page);
        await Expect(page.Locator("#visit-count")).ToHaveTextAsync("0");
    }

    [Fact]
    public async Task WrongPassword_ShowsErrorKeepsUsernameAndSetsNoCookie()
    {
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");

        await LoginPage.LogInAsync(page, password: "not-alices-password");

        await Expect(page.Locator("#login-error")).ToHaveTextAsync(
            "Please enter a correct username and password. Note that both fields may be case-sensitive.");
        await Expect(page.Locator("#username")).ToHaveValueAsync(LoginPage.Username);
        await Expect(page.Locator("#password")).ToHaveValueAsync("");
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/login");
        Assert.Null(await LoginPage.SessionCookieAsync(context));
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("login.png"), FullPage = true });
    }

    [Fact]
    public async Task EmptyForm_ShowsValidationMessagesAndStaysOnLogin()
    {
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");

        await page.ClickAsync("#login-submit");

        await Expect(page.Locator(".validation-message")).ToHaveTextAsync(["Enter your username or email.", "Enter your password."]);
        await Expect(page.Locator("#login-error")).ToHaveCountAsync(0);
        Assert.Null(await LoginPage.SessionCookieAsync(context));
    }

    [Fact]
    public async Task KeyboardOnly_TabTypeEnter_LogsIn()
    {
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");

        // autofocus puts the caret in the username field; Tab moves to the password; Enter submits the form.
        await Expect(page.Locator("#username")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(LoginPage.Username);
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator("#password")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(LoginPage.Password);
        await page.Keyboard.PressAsync("Enter");

        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/backend");
        await Expect(page.Locator("#hello")).ToHaveTextAsync("hello alice");
    }

    private Task<IBrowserContext> NewContextAsync() => browser.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl });
}
