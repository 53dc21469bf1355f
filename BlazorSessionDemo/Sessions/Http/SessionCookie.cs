using Microsoft.AspNetCore.Http;

namespace BlazorSessionDemo.Sessions.Http;

/// <summary>The <c>sessionid</c> cookie's attributes, from the SESSION_COOKIE_* settings.</summary>
internal static class SessionCookie
{
    public static CookieOptions Options(DjangoSession session, DjangoSessionSettings settings, HttpContext context, TimeProvider time)
    {
        var options = new CookieOptions
        {
            Path = settings.CookiePath,
            Domain = settings.CookieDomain,
            Secure = Secure(settings, context),
            HttpOnly = settings.CookieHttpOnly,
            SameSite = SameSite(settings),
        };
        // A browser-close session gets neither Max-Age nor Expires, so the browser drops it with the session.
        if (!session.GetExpireAtBrowserClose())
        {
            var maxAge = session.GetExpiryAge();
            options.MaxAge = TimeSpan.FromSeconds(maxAge);
            options.Expires = time.GetUtcNow().AddSeconds(maxAge);
        }
        return options;
    }

    /// <summary>Secure when configured, and always over HTTPS: a session key must never travel in clear text later.</summary>
    public static bool Secure(DjangoSessionSettings settings, HttpContext context) => settings.CookieSecure || context.Request.IsHttps;

    public static SameSiteMode SameSite(DjangoSessionSettings settings) => settings.CookieSameSite?.ToLowerInvariant() switch
    {
        "lax" => SameSiteMode.Lax,
        "strict" => SameSiteMode.Strict,
        "none" => SameSiteMode.None,
        _ => SameSiteMode.Unspecified,
    };
}
