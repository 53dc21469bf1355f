using System.Text.Json.Nodes;
using DjangoSessions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BlazorSessionDemo.E2E;

/// <summary>
/// The README's "A walk-through", step by step, as a new user follows it in a browser, once on the default <c>db</c>
/// engine and once restarted with <c>Session__Engine=file</c> (step 6: "repeat step 1 to see where the data goes now").
/// Step 4 is curl and the CLI, which other tests cover. The stored record is read through the stored-record view's ids
/// (<c>record-location</c>, <c>record-raw</c>, <c>record-decoded</c>), which every teaching page shares (issue 15).
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class ReadmeWalkthroughTests(BrowserFixture browser)
{
    [Theory]
    [InlineData(SessionEngineNames.Db)]
    [InlineData(SessionEngineNames.File)]
    public async Task WalkThrough_Steps1To3_5_And6(string engine)
    {
        using var app = EngineAppServer.Start(engine);
        await using var context = await browser.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl });
        var page = await context.NewPageAsync();
        var consoleErrors = BrowserConsole.CollectErrors(page);

        await Step1_SessionTest_WriteReadDeleteFlush(page, context, app, engine);
        await Step2_Playground_CallByCall(page, context, app, engine);
        await Step3_LogIn_Backend_LogOut(page, context, app, engine);
        await Step5_Cookies(page);
        await Step6_Settings(page, engine);
        Assert.Empty(consoleErrors);
    }

    /// <summary>Write sets <c>sessionid</c>; the page shows the stored record under that key and <c>{"h1": "hello"}</c>.</summary>
    private static async Task Step1_SessionTest_WriteReadDeleteFlush(IPage page, IBrowserContext context, EngineAppServer app, string engine)
    {
        await page.GotoAsync("/session_test/");
        await page.ClickAsync("#write");
        await Expect(page.Locator("#record-decoded")).ToContainTextAsync("hello");
        var cookie = await LoginPage.SessionCookieAsync(context);
        Assert.NotNull(cookie);
        await Expect(page.Locator("#record-location")).ToContainTextAsync(ExpectedLocation(app, engine, cookie.Value));
        Assert.False(string.IsNullOrWhiteSpace(await page.Locator("#record-raw").TextContentAsync()));
        Assert.Equal("hello", Decoded(await page.Locator("#record-decoded").TextContentAsync())["h1"]!.GetValue<string>());
        Assert.True(await StoredSessions.ExistsAsync(engine, app, null, cookie.Value));

        await page.ClickAsync("#read");
        await Expect(page.Locator("#read-value")).ToHaveTextAsync("hello");

        await page.ClickAsync("#delete");
        await Expect(page.Locator("#record-decoded")).Not.ToContainTextAsync("h1");

        await page.ClickAsync("#flush");
        await Expect(page.Locator("#no-record")).ToBeVisibleAsync();
        Assert.Null(await LoginPage.SessionCookieAsync(context));
        Assert.False(await StoredSessions.ExistsAsync(engine, app, null, cookie.Value));
    }

    /// <summary><c>/session</c> runs each call of the session API and shows the record after each one.</summary>
    private static async Task Step2_Playground_CallByCall(IPage page, IBrowserContext context, EngineAppServer app, string engine)
    {
        await page.GotoAsync("/session");
        await Expect(page.Locator("#no-session")).ToBeVisibleAsync();

        await SetAsync(page, "a", "1");
        await SetAsync(page, "b", "[2]");
        await Expect(page.Locator("#record-location")).ToContainTextAsync(ExpectedLocation(app, engine, (await LoginPage.SessionCookieAsync(context))!.Value));

        await RunAsync(page, "get", ("key", "a"));
        await Expect(page.Locator("#result-value")).ToHaveTextAsync("1");

        await RunAsync(page, "pop", ("key", "a"));
        await Expect(page.Locator("#result-value")).ToHaveTextAsync("1");
        Assert.False(await RecordAsync(page) is var afterPop && afterPop.ContainsKey("a"), "pop left the key");

        await RunAsync(page, "delete", ("key", "b"));
        Assert.Empty(await RecordAsync(page));

        await SetAsync(page, "c", "3");
        await RunAsync(page, "clear");
        Assert.Empty(await RecordAsync(page));

        await SetAsync(page, "d", "\"kept\"");
        var before = (await LoginPage.SessionCookieAsync(context))!.Value;
        await RunAsync(page, "cycle_key");
        var after = (await LoginPage.SessionCookieAsync(context))!.Value;
        Assert.NotEqual(before, after);
        await Expect(page.Locator("#cookie-value")).ToHaveTextAsync(after);
        Assert.Equal("kept", (await RecordAsync(page))["d"]!.GetValue<string>());
        Assert.False(await StoredSessions.ExistsAsync(engine, app, null, before));

        await RunAsync(page, "set_expiry", ("expiry", "300"));
        await Expect(page.Locator("#expiry-age")).ToHaveTextAsync("300");

        // The record taken apart, and a tampered copy refused, while the real session stays as it was.
        await Expect(page.Locator("#anatomy-verdict")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("alert-success"));
        await page.ClickAsync("#tamper-one-byte");
        await Expect(page.Locator("#tamper-verdict")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("alert-danger"));
        await Expect(page.Locator("#tamper-verdict-answer")).ToHaveTextAsync("{}");
        Assert.Equal("kept", (await RecordAsync(page))["d"]!.GetValue<string>());
        Assert.Equal(after, (await LoginPage.SessionCookieAsync(context))!.Value);

        await RunAsync(page, "flush");
        await Expect(page.Locator("#no-record")).ToBeVisibleAsync();
        Assert.Null(await LoginPage.SessionCookieAsync(context));
        Assert.False(await StoredSessions.ExistsAsync(engine, app, null, after));
    }

    /// <summary>Log in as alice, the backend says hello; Log out flushes the session and its record is gone.</summary>
    private static async Task Step3_LogIn_Backend_LogOut(IPage page, IBrowserContext context, EngineAppServer app, string engine)
    {
        await LoginPage.LogInToBackendAsync(page, app.BaseUrl);
        var cookie = await LoginPage.SessionCookieAsync(context);
        Assert.NotNull(cookie);
        Assert.True(await StoredSessions.ExistsAsync(engine, app, null, cookie.Value));

        await page.ClickAsync("#logout");
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/login?loggedOut=1");
        Assert.Null(await LoginPage.SessionCookieAsync(context));
        Assert.False(await StoredSessions.ExistsAsync(engine, app, null, cookie.Value));
    }

    /// <summary><c>/cookies</c> sets and deletes a cookie and shows the header it sent.</summary>
    private static async Task Step5_Cookies(IPage page)
    {
        await page.GotoAsync("/cookies");
        await page.FillAsync("#set-key", "flavour");
        await page.FillAsync("#set-value", "oatmeal");
        await page.ClickAsync("#set-submit");
        await Expect(page.Locator("#set-header")).ToContainTextAsync("Set-Cookie: flavour=oatmeal");

        await page.FillAsync("#delete-key", "flavour");
        await page.ClickAsync("#delete-submit");
        await Expect(page.Locator("#delete-header")).ToContainTextAsync("Set-Cookie: flavour=; expires=Thu, 01 Jan 1970 00:00:00 GMT");
    }

    /// <summary><c>/settings</c> lists every SESSION_* setting with its default and meaning, and the engine in use.</summary>
    private static async Task Step6_Settings(IPage page, string engine)
    {
        await page.GotoAsync("/settings");
        await Expect(page.Locator("#engine")).ToHaveTextAsync(engine);
        var rows = BlazorSessionDemo.Components.Pages.Settings.SessionSettingRows.Django(new(), new());
        await Expect(page.Locator("#django-settings tbody tr")).ToHaveCountAsync(rows.Count);
        foreach (var name in rows.Select(r => r.DjangoName).Where(n => n.StartsWith("SESSION_", StringComparison.Ordinal)))
        {
            await Expect(page.Locator("#django-settings").GetByRole(AriaRole.Rowheader, new() { Name = name, Exact = true })).ToBeVisibleAsync();
        }
        // Off Django's default engine, the row says so, with the default beside it.
        var engineRow = page.Locator("tr[data-setting='Session:Engine']");
        await Expect(engineRow.Locator(".badge")).ToHaveCountAsync(engine == SessionEngineNames.Db ? 0 : 1);
    }

    private static string ExpectedLocation(EngineAppServer app, string engine, string sessionKey) => engine switch
    {
        SessionEngineNames.Db => $"django_session row (session_key = '{sessionKey}')",
        SessionEngineNames.File => $"file {Path.Combine(app.FileFolder!, "sessionid" + sessionKey)}",
        _ => throw new ArgumentException($"The walk-through test runs on db and file, not {engine}.", nameof(engine)),
    };

    private static Task SetAsync(IPage page, string key, string json) => RunAsync(page, "set", ("key", key), ("value", json));

    /// <summary>
    /// Fills an action's fields and presses its button; waits for the redirect back to show this call (with its key),
    /// which differs from the call before it in every sequence above, so a stale result can't pass for a new one.
    /// </summary>
    private static async Task RunAsync(IPage page, string action, params (string Field, string Value)[] fields)
    {
        foreach (var (field, value) in fields)
        {
            await page.FillAsync($"#{action}-{field}", value);
        }
        await page.ClickAsync($"#{action}");
        var key = fields.FirstOrDefault(f => f.Field == "key").Value;
        await Expect(page.Locator("#result-django")).ToContainTextAsync(action switch
        {
            "set" => $"request.session['{key}'] = v",
            "get" => $"request.session.get('{key}')",
            "pop" => $"request.session.pop('{key}')",
            "delete" => $"del request.session['{key}']",
            "set_expiry" => "request.session.set_expiry(",
            _ => $"request.session.{action}()",
        });
    }

    private static async Task<JsonObject> RecordAsync(IPage page) =>
        Decoded(await page.Locator("#record-decoded").TextContentAsync());

    private static JsonObject Decoded(string? text) =>
        JsonNode.Parse(text ?? throw new Xunit.Sdk.XunitException("No decoded record on the page."))!.AsObject();
}
