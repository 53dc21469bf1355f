using Microsoft.AspNetCore.Http;

namespace DjangoSessions.Http;

/// <summary>The <c>sessionid</c> cookie's attributes, from the SESSION_COOKIE_* settings.</summary>
internal static class SessionCookie
{
    public static CookieOptions Options(DjangoSession session, DjangoSessionSettings settings, HttpContext context, TimeProvider time)
    {
        var options = new CookieOptions
        {
            Path = settings.Cookie.CookiePath,
            Domain = settings.Cookie.CookieDomain,
            Secure = Secure(settings, context),
            HttpOnly = settings.Cookie.CookieHttpOnly,
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
    /// Django's <c>delete_cookie</c>: <c>max_age=0</c> and <c>expires='Thu, 01 Jan 1970 00:00:00 GMT'</c>, both sent
    /// (ASP.NET Core's <c>Cookies.Delete</c> sends only the date), with the cookie's own path, domain and flags.
    /// </summary>
    public static CookieOptions DeletionOptions(DjangoSessionSettings settings, HttpContext context) => new()
    {
        Path = settings.Cookie.CookiePath,
        Domain = settings.Cookie.CookieDomain,
        SameSite = SameSite(settings),
        Secure = Secure(settings, context),
        HttpOnly = settings.Cookie.CookieHttpOnly,
        Expires = DateTimeOffset.UnixEpoch,
        MaxAge = TimeSpan.Zero,
    };

    /// <summary>
    /// The session cookie's value, matched by its exact name in the raw <c>Cookie</c> header(s) (RFC 6265 names are
    /// case-sensitive, as Django's <c>request.COOKIES</c> is a plain dict). ASP.NET Core's <c>Request.Cookies</c> looks
    /// names up case-insensitively and keeps only one of two names that differ in case, so a <c>SESSIONID</c> planted
    /// beside <c>sessionid</c> would hide the session (issue 12, hole 6), and a <c>__host-sessionid</c> (settable by a
    /// sibling subdomain or a plain-HTTP page) would be read as <c>__Host-sessionid</c> and defeat the prefix. Names are
    /// never percent-decoded (CVE-2020-1045), so <c>__%48ost-</c> does not match either; nor are values (Django's
    /// <c>parse_cookie</c> does not), only a double-quoted value is unquoted. The first exact match wins: browsers send
    /// the cookie with the most specific path first.
    /// </summary>
    public static bool TryRead(HttpRequest request, string name, out string? value)
    {
        foreach (var header in request.Headers.Cookie)
        {
            if (header is null)
            {
                continue;
            }
            // Split as spans: every request with a cookie passes here, and string.Split made an array and a string per pair.
            foreach (var range in header.AsSpan().Split(';'))
            {
                // "cookie-pair *( ";" SP cookie-pair )": only the separator's space goes; a name is taken as sent.
                var trimmed = header.AsSpan()[range].TrimStart(" \t");
                var equals = trimmed.IndexOf('=');
                if (equals >= 0 && trimmed[..equals].SequenceEqual(name))
                {
                    value = Unquote(trimmed[(equals + 1)..].TrimEnd(" \t")).ToString();
                    return true;
                }
            }
        }
        value = null;
        return false;
    }

    /// <summary>RFC 6265's <c>cookie-value = *cookie-octet / ( DQUOTE *cookie-octet DQUOTE )</c>.</summary>
    private static ReadOnlySpan<char> Unquote(ReadOnlySpan<char> value) =>
        value is ['"', .. var inner, '"'] ? inner : value;

    /// <summary>Secure when configured, and always over HTTPS: a session key must never travel in clear text later.</summary>
    public static bool Secure(DjangoSessionSettings settings, HttpContext context) => settings.Cookie.CookieSecure || context.Request.IsHttps;

    /// <summary>SESSION_COOKIE_SAMESITE; empty (Django's False) is <see cref="SameSiteMode.Unspecified"/>: no attribute.</summary>
    public static SameSiteMode SameSite(DjangoSessionSettings settings) => settings.Cookie.CookieSameSite ?? SameSiteMode.Unspecified;
}
