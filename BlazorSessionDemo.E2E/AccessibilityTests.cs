using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BlazorSessionDemo.E2E;

/// <summary>
/// axe-core (bundled in Deque.AxeCore.Commons, so it runs offline) over every page of the demo in a real browser.
/// Only "serious" and "critical" findings fail: those block people (unreadable text, unlabeled inputs, no language).
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class AccessibilityTests(AppServerFixture app, BrowserFixture browser)
{
    private static readonly string[] BlockingImpacts = ["serious", "critical"];

    [Theory]
    [InlineData("/")]
    [InlineData("/login")]
    [InlineData("/login?loggedOut=1")]
    [InlineData("/session_test/")]
    [InlineData("/settings")]
    [InlineData("/session")]
    [InlineData("/cookies")]
    public async Task Page_HasNoSeriousOrCriticalViolations(string path)
    {
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync(path);

        Assert.Equal(200, response?.Status);
        await AssertNoBlockingViolationsAsync(page, path);
    }

    [Fact]
    public async Task Login_WithTheErrorShown_HasNoSeriousOrCriticalViolations()
    {
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");

        await LoginPage.LogInAsync(page, password: "not-alices-password");

        await Expect(page.Locator("#login-error")).ToBeVisibleAsync();
        await AssertNoBlockingViolationsAsync(page, "/login with #login-error");
    }

    [Fact]
    public async Task Backend_LoggedIn_WithTheCounterInteractive_HasNoSeriousOrCriticalViolations()
    {
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");

        await LoginPage.LogInAsync(page);

        await Expect(page.Locator("#hello")).ToHaveTextAsync("hello alice");
        await LoginPage.WaitForInteractiveCounterAsync(page);
        await AssertNoBlockingViolationsAsync(page, "/backend (logged in, interactive)");
    }

    private Task<IBrowserContext> NewContextAsync() => browser.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl });

    private static async Task AssertNoBlockingViolationsAsync(IPage page, string what)
    {
        AxeResult result = await page.RunAxe();

        var blocking = result.Violations.Where(v => BlockingImpacts.Contains(v.Impact)).ToList();
        Assert.True(blocking.Count == 0, $"axe found on {what}:{Environment.NewLine}{Describe(blocking)}");
    }

    private static string Describe(IEnumerable<AxeResultItem> violations) => string.Join(Environment.NewLine,
        violations.Select(v => $"- {v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target.ToString()))}"));
}
