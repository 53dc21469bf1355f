using Microsoft.AspNetCore.Http;

namespace DjangoSessions.Http;

/// <summary>
/// Django's SESSION_COOKIE_* settings and SESSION_EXPIRE_AT_BROWSER_CLOSE, owned by the cookie code (<see cref="SessionCookie"/>).
/// Bound from the flat <c>Session</c> keys (<c>Session:CookieName</c>, ...), as Django names them.
/// </summary>
public sealed class SessionCookieSettings
{
    /// <summary>SESSION_COOKIE_NAME.</summary>
    public string CookieName { get; set; } = "sessionid";

    /// <summary>SESSION_COOKIE_AGE in seconds (two weeks): the cookie's Max-Age and the session's idle lifetime.</summary>
    public int CookieAge { get; set; } = 1209600;

    /// <summary>SESSION_COOKIE_PATH.</summary>
    public string CookiePath { get; set; } = "/";

    /// <summary>SESSION_COOKIE_DOMAIN; null means a host-only cookie.</summary>
    public string? CookieDomain { get; set; }

    /// <summary>SESSION_COOKIE_SECURE.</summary>
    public bool CookieSecure { get; set; }

    /// <summary>SESSION_COOKIE_HTTPONLY.</summary>
    public bool CookieHttpOnly { get; set; } = true;

    /// <summary>
    /// SESSION_COOKIE_SAMESITE: Lax (Django's default), Strict or None; empty (null) leaves the attribute out, as Django's
    /// <c>False</c> does.
    /// </summary>
    public SameSiteMode? CookieSameSite { get; set; } = SameSiteMode.Lax;

    /// <summary>SESSION_EXPIRE_AT_BROWSER_CLOSE.</summary>
    public bool ExpireAtBrowserClose { get; set; }
}
