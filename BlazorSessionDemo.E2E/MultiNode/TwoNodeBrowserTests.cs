using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using DjangoSessions.Catalog;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace BlazorSessionDemo.E2E.MultiNode;

/// <summary>
/// Issue 14 as users see it, with two app processes behind no proxy (each browser talks to the node it was given):
/// a page open on node B leaves when its session is logged out on node A, and the admin list on B shows a login made
/// on A, live, and an end on B reaches a page on A. Per store set: redis (pub/sub), db on one SQLite file (the outbox),
/// db on PostgreSQL (LISTEN/NOTIFY). Same-node control: LiveSessionsTests does both on one node.
/// </summary>
public abstract class TwoNodeBrowserTests<TApps>(BrowserFixture browser, TApps nodes, ITestOutputHelper output) : IClassFixture<TApps>
    where TApps : TwoNodeApps
{
    [Fact]
    public async Task PageOpenOnB_LeavesForLogin_WhenItsSessionIsLoggedOutOnA()
    {
        await using var context = await browser.Browser.NewContextAsync(new() { BaseURL = nodes.B.BaseUrl });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await LoginPage.LogInAsync(page);
        await Expect(page.Locator("#hello")).ToHaveTextAsync("hello alice");
        await Expect(page.Locator("#session-watch")).ToBeAttachedAsync();
        var cookie = await LoginPage.SessionCookieAsync(context);
        Assert.NotNull(cookie);

        // The same cookie, sent to node A by another tab of this browser: logout there.
        using var toA = new HttpClient { BaseAddress = new Uri(nodes.A.BaseUrl) };
        var logout = new HttpRequestMessage(HttpMethod.Post, "/api/logout");
        logout.Headers.Add("Cookie", $"{cookie.Name}={cookie.Value}");
        var clock = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, (await toA.SendAsync(logout)).StatusCode);

        await Expect(page).ToHaveURLAsync(nodes.B.BaseUrl + "/login?loggedOut=1");
        output.WriteLine($"B's page left {clock.ElapsedMilliseconds} ms after the logout on A.");
        var me = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        me.Headers.Add("Cookie", $"{cookie.Name}={cookie.Value}");
        using var toB = new HttpClient { BaseAddress = new Uri(nodes.B.BaseUrl) };
        Assert.Equal(HttpStatusCode.Unauthorized, (await toB.SendAsync(me)).StatusCode);
    }

    [Fact]
    public async Task AdminListOnB_ShowsALoginMadeOnA_WithoutAReload_AndAnEndOnBReachesAPageOnA()
    {
        await using var adminContext = await browser.Browser.NewContextAsync(new() { BaseURL = nodes.B.BaseUrl });
        var admin = await adminContext.NewPageAsync();
        await admin.GotoAsync("/login");
        await LoginPage.LogInAsync(admin, "admin", "admin-password");
        await Expect(admin).ToHaveURLAsync(nodes.B.BaseUrl + "/backend");
        // Straight to the page (a nav click before the backend's circuit is up can be lost on a loaded machine).
        await admin.GotoAsync("/admin/sessions");
        await Expect(admin.Locator("#sessions-live")).ToBeAttachedAsync();

        await using var bobContext = await browser.Browser.NewContextAsync(new() { BaseURL = nodes.A.BaseUrl });
        var bob = await bobContext.NewPageAsync();
        await bob.GotoAsync("/login");
        await LoginPage.LogInAsync(bob, "bob", "bob-password");
        await Expect(bob.Locator("#session-watch")).ToBeAttachedAsync();
        var fingerprint = SessionFingerprint.Of((await LoginPage.SessionCookieAsync(bobContext))!.Value);

        // Live on B: the admin's page was open before bob logged in on A and is never reloaded.
        var row = admin.Locator("tr", new() { Has = admin.Locator($"button.end-session[data-fingerprint='{fingerprint}']") });
        await Expect(row).ToBeVisibleAsync();
        await Expect(row.Locator(".user")).ToHaveTextAsync("bob");

        // The admin ends it on B; bob's page on A leaves by itself.
        await row.Locator("button.end-session").ClickAsync();
        await admin.ClickAsync("#confirm-yes");
        await Expect(admin.Locator("#admin-status")).ToHaveTextAsync("Session ended.");
        await Expect(bob).ToHaveURLAsync(nodes.A.BaseUrl + "/login?ended=1");
    }
}

[Collection(E2ECollection.Name)]
public sealed class RedisTwoNodeBrowserTests(BrowserFixture browser, RedisTwoNodeApps nodes, ITestOutputHelper output)
    : TwoNodeBrowserTests<RedisTwoNodeApps>(browser, nodes, output);

[Collection(E2ECollection.Name)]
public sealed class SqliteTwoNodeBrowserTests(BrowserFixture browser, SqliteTwoNodeApps nodes, ITestOutputHelper output)
    : TwoNodeBrowserTests<SqliteTwoNodeApps>(browser, nodes, output);

[Collection(E2ECollection.Name)]
public sealed class PostgreSqlTwoNodeBrowserTests(BrowserFixture browser, PostgreSqlTwoNodeApps nodes, ITestOutputHelper output)
    : TwoNodeBrowserTests<PostgreSqlTwoNodeApps>(browser, nodes, output);
