using System.Collections.Concurrent;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BlazorSessionDemo.E2E;

/// <summary>
/// The Content-Security-Policy every response carries is one the app itself passes in Chromium: every page loads, its
/// circuit connects over the WebSocket, enhanced navigation and the interactive buttons work, with no
/// <c>securitypolicyviolation</c> event and no console error about the policy. And the policy does block: an inline
/// script injected into a page is refused and reported.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class ContentSecurityPolicyTests(AppServerFixture app, BrowserFixture browser)
{
    private static readonly string[] AnonymousPages =
        ["/", "/login", "/session", "/session_test/", "/cookies", "/settings", "/not-found", "/no-such-page"];

    [Fact]
    public async Task EveryPage_AndItsInteractiveParts_RunWithoutACspViolation()
    {
        await using var context = await NewContextAsync();
        var violations = await WatchViolationsAsync(context);
        var page = await context.NewPageAsync();
        var consoleErrors = CspConsoleErrors(page);

        foreach (var path in AnonymousPages)
        {
            var response = await page.GotoAsync(path);
            Assert.NotNull(response);
            // Blazor alone sends "frame-ancestors 'self'" on component pages; the app's whole policy must be what ran.
            var policy = await response.HeaderValueAsync("content-security-policy");
            Assert.Contains("default-src 'self'", policy);
            Assert.Contains("frame-ancestors 'self'", policy);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }

        // A form post (session_test's Write) and enhanced navigation (Blazor patches the next page into this one).
        await page.GotoAsync("/session_test/");
        await page.ClickAsync("#write");
        await Expect(page.Locator("#record-decoded")).ToContainTextAsync("hello");
        await page.GotoAsync("/");
        await page.Locator("#pages").GetByRole(AriaRole.Link, new() { Name = "/settings" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Session settings");

        // Logged in as admin: /backend's interactive counter, /account/sessions, /admin/sessions' confirm panel.
        await page.GotoAsync("/login");
        await LoginPage.LogInAsync(page, "admin", "admin-password");
        await Expect(page.Locator("#hello")).ToHaveTextAsync("hello admin");
        await LoginPage.WaitForInteractiveCounterAsync(page);
        await page.ClickAsync("#count-visit");
        await Expect(page.Locator("#visit-count")).ToHaveTextAsync("1");

        await page.GotoAsync("/account/sessions");
        await Expect(page.Locator("#end-others")).ToBeEnabledAsync();

        await page.GotoAsync("/admin/sessions");
        await Expect(page.Locator("#clear-expired")).ToBeEnabledAsync();
        await page.ClickAsync("#clear-expired");
        await Expect(page.Locator("#confirm-question")).ToBeVisibleAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.Empty(violations);
        Assert.Empty(consoleErrors);
    }

    [Fact]
    public async Task AnInjectedInlineScript_IsBlocked_AndReported()
    {
        await using var context = await NewContextAsync();
        await WatchViolationsAsync(context);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");

        var ran = await page.EvaluateAsync<bool>("""
            () => {
                const script = document.createElement("script");
                script.textContent = "window.injectedRan = true;";
                document.body.appendChild(script);
                return window.injectedRan === true;
            }
            """);

        Assert.False(ran);
        await page.WaitForFunctionAsync("() => window.__cspViolations?.length > 0");
        var seen = await page.EvaluateAsync<string[]>("() => window.__cspViolations");
        Assert.Contains(seen, v => v.StartsWith("script-src", StringComparison.Ordinal));
    }

    private Task<IBrowserContext> NewContextAsync() => browser.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl });

    /// <summary>
    /// Every <c>securitypolicyviolation</c> event of every page of <paramref name="context"/>, as "directive blocked-uri
    /// source:line". The listener is a Playwright init script, which the page's own policy doesn't govern.
    /// </summary>
    private static async Task<ConcurrentQueue<string>> WatchViolationsAsync(IBrowserContext context)
    {
        var violations = new ConcurrentQueue<string>();
        await context.ExposeFunctionAsync("__reportCspViolation", (string violation) => violations.Enqueue(violation));
        await context.AddInitScriptAsync("""
            window.__cspViolations = [];
            document.addEventListener("securitypolicyviolation", e => {
                const violation = `${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber} on ${location.pathname}`;
                window.__cspViolations.push(violation);
                window.__reportCspViolation(violation);
            });
            """);
        return violations;
    }

    private static ConcurrentQueue<string> CspConsoleErrors(IPage page)
    {
        var errors = new ConcurrentQueue<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                errors.Enqueue($"{message.Type}: {message.Text}");
            }
        };
        return errors;
    }
}
