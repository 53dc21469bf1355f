using DjangoSessions;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace BlazorSessionDemo.Components.Pages.Cookies;

/// <summary>
/// The app's own cookies: the session cookie (SESSION_COOKIE_NAME) and the antiforgery cookie (Django's csrftoken).
/// Both are bearer secrets, so the page masks their values, and it refuses to set or delete them:
/// overwriting <c>sessionid</c> would log the visitor out or plant another session (session fixation),
/// and replacing the antiforgery cookie would make the next form POST fail its token check. Names that differ from them
/// only in case are refused too (issue 12, hole 6): ASP.NET Core reads cookie names case-insensitively.
/// </summary>
public sealed class ProtectedCookies(string sessionCookieName, string? antiforgeryCookieName)
{
    /// <summary>ASP.NET Core names its antiforgery cookie this prefix plus a hash of the app's name.</summary>
    public const string AntiforgeryPrefix = ".AspNetCore.Antiforgery.";

    public string SessionCookieName { get; } = sessionCookieName;

    public static ProtectedCookies From(IServiceProvider services) => new(
        services.GetRequiredService<IOptions<DjangoSessionSettings>>().Value.Cookie.CookieName,
        services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.Name);

    /// <summary>The session cookie, or a name differing from it only in case.</summary>
    public bool IsSessionCookie(string name) => name.Equals(SessionCookieName, StringComparison.OrdinalIgnoreCase);

    /// <summary>The antiforgery cookie (or any of ASP.NET Core's antiforgery names), in any case.</summary>
    public bool IsAntiforgeryCookie(string name) =>
        name.Equals(antiforgeryCookieName, StringComparison.OrdinalIgnoreCase)
        || name.StartsWith(AntiforgeryPrefix, StringComparison.OrdinalIgnoreCase);

    public bool IsProtected(string name) => IsSessionCookie(name) || IsAntiforgeryCookie(name);

    /// <summary>Enough to recognise the value, too little to replay it.</summary>
    public static string Mask(string value) => value.Length <= 4 ? "…" : value[..4] + "…";

    /// <summary>Why the page will not touch <paramref name="name"/>, or null when it may.</summary>
    public string? RefusalFor(string name) =>
        CaseTwinOf(name) is { } twin
            ? $"{name} differs from {twin} only in case. Browsers keep both, but ASP.NET Core reads cookie names case-insensitively, so such a twin could hide the real one (the app ignores it in requests); this page will not set or delete it."
            : IsSessionCookie(name)
                ? $"{name} is the session cookie: the session middleware owns it. Setting it here would plant a session key (session fixation) and deleting it would log you out, so this page leaves it alone."
                : IsAntiforgeryCookie(name)
                    ? "This is the antiforgery cookie (Django's csrftoken): it pairs with the token in every form, so changing it would make your next form POST fail. This page leaves it alone."
                    : null;

    /// <summary>"the session cookie sessionid" when <paramref name="name"/> equals an app cookie's name in all but case.</summary>
    private string? CaseTwinOf(string name) =>
        IsTwin(name, SessionCookieName) ? $"the session cookie {SessionCookieName}"
        : antiforgeryCookieName is not null && IsTwin(name, antiforgeryCookieName) ? $"the antiforgery cookie {antiforgeryCookieName}"
        : null;

    private static bool IsTwin(string name, string own) =>
        name.Equals(own, StringComparison.OrdinalIgnoreCase) && !name.Equals(own, StringComparison.Ordinal);
}
