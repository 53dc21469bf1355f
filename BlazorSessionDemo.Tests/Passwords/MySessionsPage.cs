using BlazorSessionDemo.Components.Shared;
using System.Security.Claims;
using BlazorSessionDemo.Auth;
using BlazorSessionDemo.Auth.Lockout;
using BlazorSessionDemo.Components.Pages.Account;
using DjangoSessions.Catalog;
using BlazorSessionDemo.Tests.AdminSessions;
using BlazorSessionDemo.Tests.Security;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http;

namespace BlazorSessionDemo.Tests.Passwords;

/// <summary>
/// <c>/account/sessions</c> as its circuit runs it, on a running app's own services (catalog, revocation, limits,
/// accounts): the principal is the one the app's authentication built for <c>sessionKey</c> (user id and session
/// fingerprint), and the client address is the one the prerender handed over.
/// </summary>
public sealed class MySessionsPage : IAsyncDisposable
{
    private readonly BunitContext _ui = new();
    private readonly AsyncServiceScope _scope;
    private readonly IRenderedComponent<MySessions> _page;

    public MySessionsPage(EngineApp app, long userId, string username, string sessionKey, string? clientAddress = null)
    {
        _scope = app.Services.CreateAsyncScope();
        foreach (var type in new[] { typeof(ISessionCatalog), typeof(SessionAccess), typeof(ISessionEventBus), typeof(LoginAttempts), typeof(UserAccounts) })
        {
            _ui.Services.AddSingleton(type, app.Services.GetRequiredService(type));
        }
        _ui.Services.AddSingleton(_scope.ServiceProvider.GetRequiredService<SessionRevocation>());
        _ui.Services.AddSingleton(_scope.ServiceProvider.GetRequiredService<CircuitSessionAccess>());
        _ui.Services.AddSingleton(app.Services.GetRequiredService<TimeProvider>());
        _ui.AddBunitPersistentComponentState();
        _ui.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, userId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Name, username),
            new Claim(SessionAuthenticationHandler.SessionFingerprintClaim, LiveSessions.FingerprintOf(app.Host, sessionKey)),
        ], SessionAuthenticationHandler.SchemeName));
        var request = new DefaultHttpContext();
        if (clientAddress is not null)
        {
            request.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(clientAddress);
        }
        _page = _ui.Render<MySessions>(p => p
            .AddCascadingValue(Task.FromResult(new AuthenticationState(principal)))
            .AddCascadingValue<HttpContext>(request));
    }

    /// <summary>Types <paramref name="password"/> into "End all other sessions" and submits; the status line it leaves.</summary>
    public async Task<string> EndOthersAsync(string password)
    {
        await _page.InvokeAsync(() => _page.Find("#confirm-password").Change(password));
        await _page.Find("#end-others-form").SubmitAsync();
        return _page.Find("#account-status").TextContent;
    }

    /// <summary>Types <paramref name="password"/> and presses "Sign out everywhere, including here"; the status line it leaves.</summary>
    public async Task<string> EndEverywhereAsync(string password)
    {
        await _page.InvokeAsync(() => _page.Find("#confirm-password").Change(password));
        await _page.Find("#end-everywhere").ClickAsync(new());
        return _page.Find("#account-status").TextContent;
    }

    /// <summary>Where the page sent the browser, or null while it stays.</summary>
    public string? NavigatedTo => _ui.Services.GetRequiredService<NavigationManager>() is var navigation
        && navigation.Uri != navigation.BaseUri ? navigation.ToBaseRelativePath(navigation.Uri) : null;

    /// <summary>The fingerprints of the listed sessions, in the order shown, and which one carries the "this browser" badge.</summary>
    public (IReadOnlyList<string> Order, string? Badged) Cards() =>
        ([.. _page.FindAll("#my-sessions li").Select(li => li.GetAttribute("data-fingerprint")!)],
         _page.FindAll("#my-sessions li").SingleOrDefault(li => li.QuerySelector(".this-session") is not null)?.GetAttribute("data-fingerprint"));

    public string Text(string selector) => _page.Find(selector).TextContent;

    public string Markup(string selector) => _page.Find(selector).OuterHtml;

    public async ValueTask DisposeAsync()
    {
        await _ui.DisposeAsync();
        await _scope.DisposeAsync();
    }
}
