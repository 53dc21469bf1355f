using System.Text;
using DjangoSessions.Http;
using Microsoft.Net.Http.Headers;

namespace DjangoSessions.Engines.SignedCookies;

/// <summary>
/// How many bytes the session's <c>Set-Cookie</c> header value will take, so an oversized session fails on save instead
/// of being silently dropped by the browser (RFC 6265 §6.1: at least 4096 bytes per cookie, name, value and attributes
/// counted; that is all browsers keep).
/// </summary>
internal static class SetCookieSize
{
    public const int BrowserLimit = 4096;

    /// <summary>
    /// The header as the middleware writes it: ASP.NET's cookie API URL-escapes the value (':' becomes %3A), and every
    /// attribute that may be sent is counted at its longest (Secure whenever the request is HTTPS, Expires and Max-Age
    /// unless the session ends with the browser), so a cookie this accepts always fits.
    /// </summary>
    public static int Measure(string cookieValue, DjangoSessionSettings settings, DateTimeOffset now, DateTimeOffset expireDate)
    {
        var header = new SetCookieHeaderValue(settings.Cookie.CookieName, Uri.EscapeDataString(cookieValue))
        {
            Path = settings.Cookie.CookiePath,
            Domain = settings.Cookie.CookieDomain,
            Secure = true,
            HttpOnly = settings.Cookie.CookieHttpOnly,
            SameSite = (Microsoft.Net.Http.Headers.SameSiteMode)(int)SessionCookie.SameSite(settings),
            Expires = expireDate,
            MaxAge = TimeSpan.FromSeconds(Math.Max(0, Math.Ceiling((expireDate - now).TotalSeconds))),
        };
        return Encoding.UTF8.GetByteCount(header.ToString());
    }
}
