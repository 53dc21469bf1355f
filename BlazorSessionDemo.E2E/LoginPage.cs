using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BlazorSessionDemo.E2E;

/// <summary>The demo account and the steps every login-flow test shares.</summary>
public static class LoginPage
{
    // Seeded on start (Demo:SeedUsers defaults to true), as DESIGN.md lists them.
    public const string Username = "alice";
    public const string Password = "alice-password";

    /// <summary>Fills and submits <c>/login</c> with the mouse, as most people would.</summary>
    public static async Task LogInAsync(IPage page, string username = Username, string password = Password)
    {
        await page.FillAsync("#username", username);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#login-submit");
    }

    /// <summary>From <c>/login</c> to <c>/backend</c> as alice: the form filled and sent, the backend saying hello.</summary>
    public static async Task LogInToBackendAsync(IPage page, string baseUrl)
    {
        await page.GotoAsync("/login");
        await LogInAsync(page);
        await Expect(page).ToHaveURLAsync(baseUrl + "/backend");
        await Expect(page.Locator("#hello")).ToHaveTextAsync("hello alice");
    }

    /// <summary>Waits until the circuit is up: <c>#counter-ready</c> is only rendered once the counter is interactive.</summary>
    public static Task WaitForInteractiveCounterAsync(IPage page) =>
        Expect(page.Locator("#counter-ready")).ToBeVisibleAsync();

    public static async Task<BrowserContextCookiesResult?> SessionCookieAsync(IBrowserContext context) =>
        (await context.CookiesAsync()).SingleOrDefault(c => c.Name == "sessionid");
}
