using System.Net;
using System.Security.Claims;
using BlazorSessionDemo.Auth;
using BlazorSessionDemo.Components.Pages.Account;
using AdminSessionsPage = BlazorSessionDemo.Components.Pages.Admin.AdminSessions;
using BlazorSessionDemo.Data;
using DjangoSessions.Catalog;
using BlazorSessionDemo.Tests.Auth;
using BlazorSessionDemo.Tests.Support;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

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
    private readonly AppFactory _app = new();
    private readonly BunitContext _ui = new();
    private AsyncServiceScope _scope;

    // How long a page may take to re-render after an event or a click on a loaded machine; not a promise to users.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public Task InitializeAsync()
    {
        _scope = _app.Services.CreateAsyncScope();
        var services = _scope.ServiceProvider;
        _ui.Services.AddSingleton(services.GetRequiredService<ISessionCatalog>());
        _ui.Services.AddSingleton(services.GetRequiredService<UserDirectory>());
        _ui.Services.AddSingleton(services.GetRequiredService<UserAccounts>());
        _ui.Services.AddSingleton(services.GetRequiredService<SessionAccess>());
        _ui.Services.AddSingleton(services.GetRequiredService<ISessionEventBus>());
        _ui.Services.AddSingleton(services.GetRequiredService<SessionRevocation>());
        // "End all other sessions" re-asks the password through the login limits.
        _ui.Services.AddSingleton(services.GetRequiredService<BlazorSessionDemo.Auth.Lockout.LoginAttempts>());
        // QuickGrid loads its JS module; there is no browser here, and nothing asserted depends on it.
        _ui.JSInterop.Mode = JSRuntimeMode.Loose;
        _ui.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _ui.DisposeAsync();
        await _scope.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task AdminPage_StaffStillStaff_ConfirmsEnd_TheTargetSessionEnds()
    {
        var (_, adminKey) = await LogInAsync("admin", "admin-password");
        var (alice, aliceKey) = await LogInAsync("alice", "alice-password");
        var page = RenderAdminPage(adminKey);

        await ConfirmEndAsync(page, aliceKey);

        page.WaitForAssertion(() => Assert.Equal("Session ended.", page.Find("#admin-status").TextContent), Patience);
        Assert.Equal(HttpStatusCode.Unauthorized, (await alice.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task AdminPage_StaffDemotedWhileOpen_ConfirmsEnd_IsRefused_AndTheTargetStaysLive()
    {
        var (_, adminKey) = await LogInAsync("admin", "admin-password");
        var (alice, aliceKey) = await LogInAsync("alice", "alice-password");
        var page = RenderAdminPage(adminKey);

        await SetStaffAsync("admin", false);
        await ConfirmEndAsync(page, aliceKey);

        page.WaitForAssertion(() => Assert.Equal("Not allowed: staff only, from a live session.", page.Find("#admin-status").TextContent), Patience);
        await AssertLiveAsync(alice, aliceKey);
    }

    [Fact]
    public async Task AdminPage_StaffDemotedWhileOpen_EndAllOfAUser_IsRefused_AndTheTargetStaysLive()
    {
        var (_, adminKey) = await LogInAsync("admin", "admin-password");
        var (alice, aliceKey) = await LogInAsync("alice", "alice-password");
        var page = RenderAdminPage(adminKey);

        await SetStaffAsync("admin", false);
        var row = RowOf(page, aliceKey);
        await row.QuerySelector("button.end-user-sessions")!.ClickAsync(new());
        await page.Find("#confirm-yes").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("Not allowed: staff only, from a live session.", page.Find("#admin-status").TextContent), Patience);
        await AssertLiveAsync(alice, aliceKey);
    }

    [Fact]
    public async Task AdminPage_ItsOwnSessionEndedWhileOpen_ConfirmsEnd_IsRefused_AndTheTargetStaysLive()
    {
        var (_, adminKey) = await LogInAsync("admin", "admin-password");
        var (alice, aliceKey) = await LogInAsync("alice", "alice-password");
        var page = RenderAdminPage(adminKey);

        // The admin's own session is ended elsewhere (still staff, still active): the open page must not act on it.
        await EndSessionAsync(adminKey);
        // The page hears of it and reloads its grid (its own row goes); act after that re-render, as a person would.
        page.WaitForAssertion(() => Assert.Empty(page.FindAll($"button.end-session[data-fingerprint='{LiveSessions.FingerprintOf(_app, adminKey)}']")), Patience);
        await ConfirmEndAsync(page, aliceKey);

        page.WaitForAssertion(() => Assert.Equal("Not allowed: staff only, from a live session.", page.Find("#admin-status").TextContent), Patience);
        await AssertLiveAsync(alice, aliceKey);
    }

    [Fact]
    public async Task MySessions_ItsOwnSessionEndedWhileOpen_EndAllOthers_IsRefused_AndTheOtherSessionStaysLive()
    {
        var (_, laptopKey) = await LogInAsync("alice", "alice-password");
        var (phone, phoneKey) = await LogInAsync("alice", "alice-password");
        var page = RenderPage<MySessions>(laptopKey, "alice", isStaff: false);
        page.WaitForElement($"tr[data-fingerprint='{LiveSessions.FingerprintOf(_app, phoneKey)}'] button.end-session", Patience);

        // An admin ends the laptop's session while its /account/sessions stays open with the right password typed.
        await EndSessionAsync(laptopKey);
        // The page hears of it and reloads its list (its own row goes); act after that re-render, as a person would.
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("#my-sessions tr.current")), Patience);
        page.Find("#confirm-password").Change("alice-password");
        await page.Find("#end-others-form").SubmitAsync();

        page.WaitForAssertion(() => Assert.Equal("Your session has ended.", page.Find("#account-status").TextContent), Patience);
        await AssertLiveAsync(phone, phoneKey);
    }

    [Fact]
    public async Task MySessions_LiveSession_EndAllOthers_EndsTheOtherSession()
    {
        var (_, laptopKey) = await LogInAsync("alice", "alice-password");
        var (phone, phoneKey) = await LogInAsync("alice", "alice-password");
        var page = RenderPage<MySessions>(laptopKey, "alice", isStaff: false);
        page.WaitForElement($"tr[data-fingerprint='{LiveSessions.FingerprintOf(_app, phoneKey)}'] button.end-session", Patience);

        page.Find("#confirm-password").Change("alice-password");
        await page.Find("#end-others-form").SubmitAsync();

        page.WaitForAssertion(() => Assert.Equal("1 other session(s) ended.", page.Find("#account-status").TextContent), Patience);
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.GetAsync("/api/me")).StatusCode);
    }

    private async Task<(HttpClient Client, string SessionKey)> LogInAsync(string username, string password)
    {
        var client = _app.CreateBrowserLikeClient();
        var key = AuthClient.SessionKeyOf(await AuthClient.FormLoginAsync(client, username, password));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
        return (client, key);
    }

    private IRenderedComponent<AdminSessionsPage> RenderAdminPage(string adminKey) => RenderPage<AdminSessionsPage>(adminKey, "admin", isStaff: true);

    /// <summary>
    /// Renders <typeparamref name="TPage"/> as its circuit would run it: with the principal the app's authentication
    /// handler built from <paramref name="sessionKey"/> when the circuit connected (same claims), never read again.
    /// </summary>
    private IRenderedComponent<TPage> RenderPage<TPage>(string sessionKey, string username, bool isStaff) where TPage : IComponent
    {
        var user = _app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext()
            .Users.AsNoTracking().Single(u => u.Username == username);
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Name, user.Username),
            new Claim(ClaimTypes.Email, user.Email),
            new Claim(SessionAuthenticationHandler.StaffClaim, isStaff ? "true" : "false"),
            new Claim(SessionAuthenticationHandler.SessionFingerprintClaim, LiveSessions.FingerprintOf(_app, sessionKey)),
        ], SessionAuthenticationHandler.SchemeName));
        return _ui.Render<TPage>(parameters =>
            parameters.AddCascadingValue(Task.FromResult(new AuthenticationState(principal))));
    }

    private AngleSharp.Dom.IElement RowOf(IRenderedComponent<AdminSessionsPage> page, string sessionKey) =>
        page.WaitForElement($"button.end-session[data-fingerprint='{LiveSessions.FingerprintOf(_app, sessionKey)}']", Patience).Closest("tr")!;

    private async Task ConfirmEndAsync(IRenderedComponent<AdminSessionsPage> page, string targetKey)
    {
        var row = RowOf(page, targetKey);
        await row.QuerySelector("button.end-session")!.ClickAsync(new());
        await page.Find("#confirm-yes").ClickAsync(new());
    }

    private async Task SetStaffAsync(string username, bool isStaff)
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await db.Users.Where(u => u.Username == username).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsStaff, isStaff)));
    }

    private async Task EndSessionAsync(string sessionKey)
    {
        var entry = await LiveSessions.EntryOfAsync(_app, sessionKey);
        Assert.Equal(1, await LiveSessions.RevokeAsync(_app, revocation => revocation.EndAsync([entry.Id])));
    }

    /// <summary>The target's cookie still authenticates, and the catalog still lists its session.</summary>
    private async Task AssertLiveAsync(HttpClient client, string sessionKey)
    {
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
        await LiveSessions.EntryOfAsync(_app, sessionKey);
    }
}
