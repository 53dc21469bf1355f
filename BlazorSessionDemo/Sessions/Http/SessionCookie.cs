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

    /// <summary>
    /// The session cookie's value, matched by its exact name. ASP.NET Core looks request cookies up case-insensitively,
    /// which would read a <c>__host-sessionid</c> (settable by a sibling subdomain or a plain-HTTP page in browsers that
    /// match prefixes case-sensitively) as the <c>__Host-sessionid</c> cookie and defeat the prefix. Names are never
    /// percent-decoded (CVE-2020-1045), so <c>__%48ost-</c> does not match either.
    /// </summary>
    public static bool TryRead(HttpRequest request, string name, out string? value)
    {
        foreach (var (cookieName, cookieValue) in request.Cookies)
        {
            if (string.Equals(cookieName, name, StringComparison.Ordinal))
            {
                value = cookieValue;
                return true;
            }
        }
        value = null;
        return false;
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
