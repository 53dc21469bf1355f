using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BlazorSessionDemo.E2E;

/// <summary>
/// Oversized input over the Blazor circuit (issue 15): a 100 KB paste into /admin/sessions' user filter is cut by the
/// field's maxlength, and a client that strips the maxlength and sends 100 KB anyway is told the limit and still has a
/// working connection (the circuit's receive limit, Blazor:MaximumReceiveMessageSize in Program.cs, is above it)
/// instead of one the server closes silently, losing the change. Ids of AdminSessions.razor: #user-filter, #apply-filter, #clear-filter.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class OversizedCircuitInputTests(AppServerFixture app, BrowserFixture browser)
{
    [Fact]
    public async Task AdminFilter_100KilobytesPasted_IsCut_AndSentAnyway_KeepsTheConnection()
    {
        await using var context = await browser.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl });
        var page = await context.NewPageAsync();
        var errors = BrowserConsole.CollectErrors(page);
        await page.GotoAsync("/login");
        await LoginPage.LogInAsync(page, "admin", "admin-password");
        await Expect(page.Locator("#hello")).ToHaveTextAsync("hello admin");
        await page.GotoAsync("/admin/sessions");
        await Expect(page.Locator("#apply-filter")).ToBeEnabledAsync();
        var huge = new string('x', 100 * 1024);

        await page.FillAsync("#user-filter", huge);
        Assert.Equal(254, (await page.InputValueAsync("#user-filter")).Length);

        // A hostile client: no maxlength, 100 KB in one change event.
        await page.EvalOnSelectorAsync("#user-filter", """
            (input, text) => { input.removeAttribute('maxlength'); input.value = text; input.dispatchEvent(new Event('change', { bubbles: true })); }
            """, huge);
        await page.ClickAsync("#apply-filter");
        await Expect(page.Locator("#admin-status")).ToContainTextAsync("at most 254 characters");
        await Expect(page.Locator("#clear-filter")).ToHaveCountAsync(0);

        // The same circuit answers the next, ordinary filter.
        await page.FillAsync("#user-filter", "admin");
        await page.ClickAsync("#apply-filter");
        await Expect(page.Locator("#clear-filter")).ToBeVisibleAsync();
        await Expect(page.Locator("tr.session-row.current .this-session")).ToBeVisibleAsync();

        Assert.DoesNotContain(errors, e => e.Contains("disconnected", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(errors);
    }
}
