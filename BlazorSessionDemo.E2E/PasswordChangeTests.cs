using System.Diagnostics;
using System.Text.RegularExpressions;
using DjangoSessions.Catalog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BlazorSessionDemo.E2E;

/// <summary>
/// Django's <c>update_session_auth_hash</c> as two browsers see it: alice is logged in on both, changes her password in
/// one; the other's open /backend page leaves for /login by itself within 2 s, and the changing browser stays logged in.
/// Its own app (a fresh database), so the changed password never reaches the other tests.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class PasswordChangeTests(BrowserFixture browser)
{
    private const string NewPassword = "a-brand-new-secret";

    [Fact]
    public async Task ChangingThePassword_SendsTheOtherBrowsersOpenPageToLoginWithin2s_AndThisOneStaysLoggedIn()
    {
        using var app = EngineAppServer.StartDefault();
        await using var otherContext = await browser.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl });
        var other = await otherContext.NewPageAsync();
        await other.GotoAsync("/login");
        await LoginPage.LogInAsync(other);
        await Expect(other.Locator("#hello")).ToHaveTextAsync("hello alice");
        await Expect(other.Locator("#session-watch")).ToBeAttachedAsync();

        await using var changingContext = await browser.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl });
        var changing = await changingContext.NewPageAsync();
        var errors = BrowserConsole.CollectErrors(changing);
        await changing.GotoAsync("/login");
        await LoginPage.LogInAsync(changing);
        await Expect(changing.Locator("#hello")).ToHaveTextAsync("hello alice");
        var oldCookie = (await LoginPage.SessionCookieAsync(changingContext))!.Value;
        await Expect(changing.Locator("#session-watch")).ToBeAttachedAsync();
        await changing.ClickAsync("#backend-change-password");
        await changing.FillAsync("#current-password", LoginPage.Password);
        await changing.FillAsync("#new-password", NewPassword);
        await changing.FillAsync("#confirm-password", NewPassword);

        // The promise is measured from the moment the other session ends on the server (its end event) to the moment
        // its page is on /login; the click-to-leave time (BCrypt twice included) is reported beside it.
        var clock = Stopwatch.StartNew();
        var endedAt = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = app.Services.GetRequiredService<ISessionEventBus>().Subscribe(e =>
        {
            if (e.Reason == SessionEndReason.Revoked)
            {
                endedAt.TrySetResult(clock.Elapsed);
            }
        });
        // Waited for by navigation event, not by polling the URL (an expectation polls up to a second apart).
        var leaving = other.WaitForURLAsync(new Regex($"^{Regex.Escape(app.BaseUrl)}/login\\?ended=1$"),
            new() { WaitUntil = WaitUntilState.Commit, Timeout = 30_000 });
        await changing.ClickAsync("#change-password");
        await leaving;
        var left = clock.Elapsed;
        var ended = await endedAt.Task.WaitAsync(TimeSpan.FromSeconds(5));

        Console.WriteLine($"Password change: other session ended at {ended.TotalMilliseconds:F0} ms, its page left at {left.TotalMilliseconds:F0} ms after the click.");
        Assert.True(left - ended < TimeSpan.FromSeconds(2), $"The other browser left {(left - ended).TotalMilliseconds:F0} ms after its session ended.");
        await Expect(changing.Locator("#password-changed")).ToHaveTextAsync("Your password was changed. 1 other session was signed out.");
        Assert.NotEqual(oldCookie, (await LoginPage.SessionCookieAsync(changingContext))!.Value);
        // The changing page's circuit connects on the new key and stays: logged in, still here, then on /backend.
        await Expect(changing.Locator("#session-watch")).ToBeAttachedAsync();
        await Expect(changing.Locator("#nav-user")).ToContainTextAsync("alice");
        await Expect(changing).ToHaveURLAsync(app.BaseUrl + "/account/password");
        await changing.GotoAsync("/backend");
        await Expect(changing.Locator("#hello")).ToHaveTextAsync("hello alice");
        // The other browser is anonymous for good: its next visit to /backend asks it to log in.
        await other.GotoAsync("/backend");
        await Expect(other).ToHaveURLAsync(app.BaseUrl + "/login?returnUrl=%2Fbackend");
        Assert.Empty(errors);
    }
}
