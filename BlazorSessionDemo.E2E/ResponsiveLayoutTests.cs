using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BlazorSessionDemo.E2E;

/// <summary>
/// Issue 15: every page, at a laptop's 1280×800 and a phone's 390×844, fits its width (no horizontal scrolling), shows
/// every button whole (none cut off by the page or by a scrolling card), logs no console error and has no serious or
/// critical axe finding. One walk per viewport, logged in as the staff account so the admin pages are in it.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class ResponsiveLayoutTests(AppServerFixture app, BrowserFixture browser)
{
    private static readonly string[] BlockingImpacts = ["serious", "critical"];

    // Every page of the app; /login also as a logged-in user ("logging in as someone else").
    private static readonly string[] LoggedInPages =
    [
        "/", "/session_test/", "/session", "/session?anatomy=tampered", "/cookies", "/settings", "/backend", "/login",
        "/account/sessions", "/account/password", "/admin/sessions", "/no-such-page",
    ];

    public static TheoryData<int, int> Viewports => new() { { 1280, 800 }, { 390, 844 } };

    [Theory]
    [MemberData(nameof(Viewports))]
    public async Task EveryPage_FitsTheViewport_ShowsEveryButtonWhole_AndHasNoConsoleErrorOrBlockingAxeFinding(int width, int height)
    {
        await using var context = await browser.Browser.NewContextAsync(new()
        {
            BaseURL = app.BaseUrl,
            ViewportSize = new() { Width = width, Height = height },
        });
        var page = await context.NewPageAsync();
        var consoleErrors = PageConsoleErrors(page);
        var problems = new List<string>();

        await CheckAsync(page, "/login", problems);
        await LoginPage.LogInAsync(page, "admin", "admin-password");
        await Expect(page.Locator("#hello")).ToHaveTextAsync("hello admin");
        foreach (var path in LoggedInPages)
        {
            await CheckAsync(page, path, problems);
        }

        Assert.True(problems.Count == 0, $"At {width}×{height}:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
        Assert.True(consoleErrors.Count == 0, $"Console errors at {width}×{height}:{Environment.NewLine}{string.Join(Environment.NewLine, consoleErrors)}");
    }

    [Fact]
    public async Task OnAPhone_TheMenuButtonOpensTheNavigation()
    {
        await using var context = await browser.Browser.NewContextAsync(new()
        {
            BaseURL = app.BaseUrl,
            ViewportSize = new() { Width = 390, Height = 844 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        var settingsLink = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Settings" });
        await Expect(settingsLink).ToBeHiddenAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();

        await Expect(settingsLink).ToBeVisibleAsync();
        await settingsLink.ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Session settings");
    }

    /// <summary>
    /// Console errors and uncaught exceptions of the page's own code. axe-core, injected by the test, re-parses the
    /// stylesheets into <c>&lt;style&gt;</c> elements of its own, which the page's CSP rightly refuses; those reports
    /// come from the injected script (no source URL), while a page's own inline style would name the page.
    /// The 404 page's status is the one expected error.
    /// </summary>
    private static List<string> PageConsoleErrors(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            var fromInjectedScript = message.Location.StartsWith(':');
            var expected404 = message.Text.Contains("status of 404", StringComparison.Ordinal) && message.Location.Contains("/no-such-page", StringComparison.Ordinal);
            if (message.Type == "error" && !fromInjectedScript && !expected404)
            {
                errors.Add($"{message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        return errors;
    }

    private static async Task CheckAsync(IPage page, string path, List<string> problems)
    {
        await page.GotoAsync(path);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        var overflow = await page.EvaluateAsync<int[]>(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        if (overflow[0] > overflow[1])
        {
            problems.Add($"{path}: the page is {overflow[0]} px wide in a {overflow[1]} px viewport");
        }
        foreach (var clipped in await page.EvaluateAsync<string[]>(ClippedControlsScript))
        {
            problems.Add($"{path}: {clipped}");
        }
        // The README's pictures come from this walk (UPDATE_SCREENSHOTS=1); otherwise a temp folder to look at.
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor(ScreenshotName(path, page.ViewportSize!.Width)), FullPage = true });
        var axe = await page.RunAxe();
        foreach (var violation in axe.Violations.Where(v => BlockingImpacts.Contains(v.Impact)))
        {
            problems.Add($"{path}: axe {violation.Id} ({violation.Impact}) at {string.Join(", ", violation.Nodes.Select(n => n.Target.ToString()))}");
        }
    }

    /// <summary><c>/account/sessions</c> at 390 px is <c>account-sessions-phone.png</c>; at 1280 px, <c>account-sessions.png</c>.</summary>
    private static string ScreenshotName(string path, int width)
    {
        var name = path.Trim('/').Replace('/', '-');
        return $"{(name.Length == 0 ? "home" : name)}{(width < 768 ? "-phone" : "")}.png";
    }

    /// <summary>
    /// Every visible button, link-button and text field whose box is not wholly inside the viewport's width or inside
    /// every ancestor that clips or scrolls (overflow other than visible): such a control is cut off, or needs a
    /// sideways scroll to be found.
    /// </summary>
    private const string ClippedControlsScript = """
        () => {
            const viewportWidth = document.documentElement.clientWidth;
            const found = [];
            for (const el of document.querySelectorAll("button, .btn, input:not([type=hidden]), select, textarea")) {
                const box = el.getBoundingClientRect();
                if (box.width === 0 || box.height === 0 || getComputedStyle(el).visibility === "hidden") continue;
                const name = `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""} "${(el.innerText || el.value || "").trim().slice(0, 30)}"`;
                if (box.left < -0.5 || box.right > viewportWidth + 0.5) {
                    found.push(`${name} spans ${Math.round(box.left)}..${Math.round(box.right)} px, outside the ${viewportWidth} px viewport`);
                    continue;
                }
                for (let parent = el.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
                    const style = getComputedStyle(parent);
                    if (style.overflowX === "visible" && style.overflowY === "visible") continue;
                    const clip = parent.getBoundingClientRect();
                    if (box.left < clip.left - 0.5 || box.right > clip.right + 0.5) {
                        found.push(`${name} is cut off by ${parent.tagName.toLowerCase()}.${[...parent.classList].join(".")}`);
                        break;
                    }
                }
            }
            return found;
        }
        """;
}
