using BlazorSessionDemo.Sessions;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace BlazorSessionDemo.Components.Pages.Cookies;

/// <summary>
/// The app's own cookies: the session cookie (SESSION_COOKIE_NAME) and the antiforgery cookie (Django's csrftoken).
/// Both are bearer secrets, so the page masks their values, and it refuses to set or delete them:
/// overwriting <c>sessionid</c> would log the visitor out or plant another session (session fixation),
/// and replacing the antiforgery cookie would make the next form POST fail its token check.
/// </summary>
public sealed class ProtectedCookies(string sessionCookieName, string? antiforgeryCookieName)
{
    /// <summary>ASP.NET Core names its antiforgery cookie this prefix plus a hash of the app's name.</summary>
    public const string AntiforgeryPrefix = ".AspNetCore.Antiforgery.";

    public string SessionCookieName { get; } = sessionCookieName;

    public static ProtectedCookies From(IServiceProvider services) => new(
        services.GetRequiredService<IOptions<DjangoSessionSettings>>().Value.CookieName,
        services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.Name);

    public bool IsSessionCookie(string name) => name == SessionCookieName;

    public bool IsAntiforgeryCookie(string name) =>
        name == antiforgeryCookieName || name.StartsWith(AntiforgeryPrefix, StringComparison.Ordinal);

    public bool IsProtected(string name) => IsSessionCookie(name) || IsAntiforgeryCookie(name);

    /// <summary>Enough to recognise the value, too little to replay it.</summary>
    public static string Mask(string value) => value.Length <= 4 ? "…" : value[..4] + "…";

    /// <summary>Why the page will not touch <paramref name="name"/>, or null when it may.</summary>
    public string? RefusalFor(string name) =>
        IsSessionCookie(name)
            ? $"{name} is the session cookie: the session middleware owns it. Setting it here would plant a session key (session fixation) and deleting it would log you out, so this page leaves it alone."
            : IsAntiforgeryCookie(name)
                ? "This is the antiforgery cookie (Django's csrftoken): it pairs with the token in every form, so changing it would make your next form POST fail. This page leaves it alone."
                : null;
}
