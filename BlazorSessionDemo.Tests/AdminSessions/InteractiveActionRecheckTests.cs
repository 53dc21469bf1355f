using System.Net;
using BlazorSessionDemo.Components.Pages.Account;
using AdminSessionsPage = BlazorSessionDemo.Components.Pages.Admin.AdminSessions;
using BlazorSessionDemo.Data;
using Bunit;
using Microsoft.EntityFrameworkCore;

namespace BlazorSessionDemo.Tests.AdminSessions;

/// <summary>
/// Issue 18, item 2: the interactive session pages authorise every action again on the server, at the moment of the
/// action. A circuit's principal is read once, when it connects, so a page left open keeps it: a staff member demoted
/// while <c>/admin/sessions</c> is open, or a page whose own session was ended meanwhile, must be refused - and the
/// target session must still work. The pages run here in bUnit as they do in a circuit (interactive), over the real
/// app's services (catalog, revocation, access checks, users) and its SQLite file; the sessions are real logins over
/// HTTP, and "still live" means the target's cookie still authenticates a request.
/// </summary>
public sealed class InteractiveActionRecheckTests : IAsyncLifetime
{
    private readonly InteractiveSessionPages _pages = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _pages.DisposeAsync();

    [Fact]
    public async Task AdminPage_StaffStillStaff_ConfirmsEnd_TheTargetSessionEnds()
    {
        var (_, adminKey) = await _pages.LogInAsync("admin", "admin-password");
        var (alice, aliceKey) = await _pages.LogInAsync("alice", "alice-password");
        var page = _pages.RenderAdminPage(adminKey);

        await _pages.ConfirmEndAsync(page, aliceKey);

        page.WaitForAssertion(() => Assert.Equal("Session ended.", page.Find("#admin-status").TextContent), InteractiveSessionPages.Patience);
        Assert.Equal(HttpStatusCode.Unauthorized, (await alice.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task AdminPage_StaffDemotedWhileOpen_ConfirmsEnd_IsRefused_AndTheTargetStaysLive()
    {
        var (_, adminKey) = await _pages.LogInAsync("admin", "admin-password");
        var (alice, aliceKey) = await _pages.LogInAsync("alice", "alice-password");
        var page = _pages.RenderAdminPage(adminKey);

        await SetStaffAsync("admin", false);
        await _pages.ConfirmEndAsync(page, aliceKey);

        page.WaitForAssertion(() => Assert.Equal("Not allowed: staff only, from a live session.", page.Find("#admin-status").TextContent), InteractiveSessionPages.Patience);
        await _pages.AssertLiveAsync(alice, aliceKey);
    }

    [Fact]
    public async Task AdminPage_StaffDemotedWhileOpen_EndAllOfAUser_IsRefused_AndTheTargetStaysLive()
    {
        var (_, adminKey) = await _pages.LogInAsync("admin", "admin-password");
        var (alice, aliceKey) = await _pages.LogInAsync("alice", "alice-password");
        var page = _pages.RenderAdminPage(adminKey);

        await SetStaffAsync("admin", false);
        var row = _pages.RowOf(page, aliceKey);
        await row.QuerySelector("button.end-user-sessions")!.ClickAsync(new());
        await page.Find("#confirm-yes").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("Not allowed: staff only, from a live session.", page.Find("#admin-status").TextContent), InteractiveSessionPages.Patience);
        await _pages.AssertLiveAsync(alice, aliceKey);
    }

    [Fact]
    public async Task AdminPage_ItsOwnSessionEndedWhileOpen_ConfirmsEnd_IsRefused_AndTheTargetStaysLive()
    {
        var (_, adminKey) = await _pages.LogInAsync("admin", "admin-password");
        var (alice, aliceKey) = await _pages.LogInAsync("alice", "alice-password");
        var page = _pages.RenderAdminPage(adminKey);

        // The admin's own session is ended elsewhere (still staff, still active): the open page must not act on it.
        await _pages.EndSessionAsync(adminKey);
        // The page hears of it and reloads its grid (its own row goes); act after that re-render, as a person would.
        page.WaitForAssertion(() => Assert.Empty(page.FindAll($"button.end-session[data-fingerprint='{LiveSessions.FingerprintOf(_pages.App, adminKey)}']")), InteractiveSessionPages.Patience);
        await _pages.ConfirmEndAsync(page, aliceKey);

        page.WaitForAssertion(() => Assert.Equal("Not allowed: staff only, from a live session.", page.Find("#admin-status").TextContent), InteractiveSessionPages.Patience);
        await _pages.AssertLiveAsync(alice, aliceKey);
    }

    [Fact]
    public async Task MySessions_ItsOwnSessionEndedWhileOpen_EndAllOthers_IsRefused_AndTheOtherSessionStaysLive()
    {
        var (_, laptopKey) = await _pages.LogInAsync("alice", "alice-password");
        var (phone, phoneKey) = await _pages.LogInAsync("alice", "alice-password");
        var page = _pages.RenderPage<MySessions>(laptopKey, "alice", isStaff: false);
        page.WaitForElement($"li[data-fingerprint='{LiveSessions.FingerprintOf(_pages.App, phoneKey)}'] button.end-session", InteractiveSessionPages.Patience);

        // An admin ends the laptop's session while its /account/sessions stays open with the right password typed.
        await _pages.EndSessionAsync(laptopKey);
        // The page hears of it and reloads its list (its own row goes); act after that re-render, as a person would.
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("#my-sessions li.current")), InteractiveSessionPages.Patience);
        page.Find("#confirm-password").Change("alice-password");
        await page.Find("#end-others-form").SubmitAsync();

        page.WaitForAssertion(() => Assert.Equal("Your session has ended.", page.Find("#account-status").TextContent), InteractiveSessionPages.Patience);
        await _pages.AssertLiveAsync(phone, phoneKey);
    }

    [Fact]
    public async Task MySessions_LiveSession_EndAllOthers_EndsTheOtherSession()
    {
        var (_, laptopKey) = await _pages.LogInAsync("alice", "alice-password");
        var (phone, phoneKey) = await _pages.LogInAsync("alice", "alice-password");
        var page = _pages.RenderPage<MySessions>(laptopKey, "alice", isStaff: false);
        page.WaitForElement($"li[data-fingerprint='{LiveSessions.FingerprintOf(_pages.App, phoneKey)}'] button.end-session", InteractiveSessionPages.Patience);

        page.Find("#confirm-password").Change("alice-password");
        await page.Find("#end-others-form").SubmitAsync();

        page.WaitForAssertion(() => Assert.Equal("1 other session ended.", page.Find("#account-status").TextContent), InteractiveSessionPages.Patience);
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.GetAsync("/api/me")).StatusCode);
    }

    private async Task SetStaffAsync(string username, bool isStaff)
    {
        await using var db = await _pages.App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await db.Users.Where(u => u.Username == username).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsStaff, isStaff)));
    }
}
