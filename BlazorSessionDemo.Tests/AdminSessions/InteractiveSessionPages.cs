using System.Net;
using System.Security.Claims;
using BlazorSessionDemo.Auth;
using BlazorSessionDemo.Components.Shared;
using BlazorSessionDemo.Data;
using BlazorSessionDemo.Tests.Auth;
using Bunit;
using DjangoSessions.Catalog;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using AdminSessionsPage = BlazorSessionDemo.Components.Pages.Admin.AdminSessions;

namespace BlazorSessionDemo.Tests.AdminSessions;

/// <summary>
/// The interactive session pages (<c>/admin/sessions</c>, <c>/account/sessions</c>) in bUnit as they run in a circuit
/// (interactive), over the real app's services (catalog, revocation, access checks, users, the circuit's store
/// accessor) and its SQLite file; the sessions are real logins over HTTP. One per test class.
/// </summary>
public sealed class InteractiveSessionPages : IAsyncDisposable
{
    // How long a page may take to re-render after an event or a click on a loaded machine; not a promise to users.
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly BunitContext _ui = new();
    private readonly AsyncServiceScope _scope;

    public InteractiveSessionPages()
    {
        _scope = App.Services.CreateAsyncScope();
        var services = _scope.ServiceProvider;
        _ui.Services.AddSingleton(services.GetRequiredService<ISessionCatalog>());
        _ui.Services.AddSingleton(services.GetRequiredService<UserDirectory>());
        _ui.Services.AddSingleton(services.GetRequiredService<UserAccounts>());
        _ui.Services.AddSingleton(services.GetRequiredService<SessionAccess>());
        _ui.Services.AddSingleton(services.GetRequiredService<ISessionEventBus>());
        _ui.Services.AddSingleton(services.GetRequiredService<SessionRevocation>());
        _ui.Services.AddSingleton(services.GetRequiredService<CircuitSessionAccess>());
        _ui.Services.AddSingleton(services.GetRequiredService<TimeProvider>());
        _ui.Services.AddSingleton(services.GetRequiredService<DjangoSessions.ISessionEngine>());
        // "End all other sessions" re-asks the password through the login limits.
        _ui.Services.AddSingleton(services.GetRequiredService<BlazorSessionDemo.Auth.Lockout.LoginAttempts>());
        // QuickGrid loads its JS module; there is no browser here, and nothing asserted depends on it.
        _ui.JSInterop.Mode = JSRuntimeMode.Loose;
        _ui.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public AppFactory App { get; } = new();

    public async Task<(HttpClient Client, string SessionKey)> LogInAsync(string username, string password)
    {
        var client = App.CreateBrowserLikeClient();
        var key = AuthClient.SessionKeyOf(await AuthClient.FormLoginAsync(client, username, password));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
        return (client, key);
    }

    public IRenderedComponent<AdminSessionsPage> RenderAdminPage(string adminKey) => RenderPage<AdminSessionsPage>(adminKey, "admin", isStaff: true);

    /// <summary>
    /// Renders <typeparamref name="TPage"/> as its circuit would run it: with the principal the app's authentication
    /// handler built from <paramref name="sessionKey"/> when the circuit connected (same claims), never read again.
    /// </summary>
    public IRenderedComponent<TPage> RenderPage<TPage>(string sessionKey, string username, bool isStaff) where TPage : IComponent
    {
        var user = App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext()
            .Users.AsNoTracking().Single(u => u.Username == username);
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Name, user.Username),
            new Claim(ClaimTypes.Email, user.Email),
            new Claim(SessionAuthenticationHandler.StaffClaim, isStaff ? "true" : "false"),
            new Claim(SessionAuthenticationHandler.SessionFingerprintClaim, LiveSessions.FingerprintOf(App, sessionKey)),
        ], SessionAuthenticationHandler.SchemeName));
        return _ui.Render<TPage>(parameters =>
            parameters.AddCascadingValue(Task.FromResult(new AuthenticationState(principal))));
    }

    /// <summary>The admin page's row of the session <paramref name="sessionKey"/> names, once the grid shows it.</summary>
    public AngleSharp.Dom.IElement RowOf(IRenderedComponent<AdminSessionsPage> page, string sessionKey) =>
        page.WaitForElement($"button.end-session[data-fingerprint='{LiveSessions.FingerprintOf(App, sessionKey)}']", Patience).Closest("tr")!;

    /// <summary>Clicks "End" on the target's row of the admin page and confirms.</summary>
    public async Task ConfirmEndAsync(IRenderedComponent<AdminSessionsPage> page, string targetKey)
    {
        var row = RowOf(page, targetKey);
        await row.QuerySelector("button.end-session")!.ClickAsync(new());
        await page.Find("#confirm-yes").ClickAsync(new());
    }

    /// <summary>Ends the session <paramref name="sessionKey"/> names as an admin elsewhere would.</summary>
    public async Task EndSessionAsync(string sessionKey)
    {
        var entry = await LiveSessions.EntryOfAsync(App, sessionKey);
        Assert.Equal(1, await LiveSessions.RevokeAsync(App, revocation => revocation.EndAsync([entry.Id])));
    }

    /// <summary>The target's cookie still authenticates, and the catalog still lists its session.</summary>
    public async Task AssertLiveAsync(HttpClient client, string sessionKey)
    {
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
        await LiveSessions.EntryOfAsync(App, sessionKey);
    }

    public async ValueTask DisposeAsync()
    {
        await _ui.DisposeAsync();
        await _scope.DisposeAsync();
        await App.DisposeAsync();
    }
}
