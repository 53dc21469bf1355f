namespace DjangoSessions;

/// <summary>
/// Cookie name prefixes (RFC 6265bis 4.1.3): browsers only store a <c>__Secure-</c> cookie that is Secure, and a
/// <c>__Host-</c> cookie that is Secure, has Path=/ and no Domain. A session cookie that breaks the rule is silently
/// dropped by the browser, so nobody could log in; the settings are refused on start instead, with the reason.
/// Browsers match the prefixes case-insensitively, and so does this check.
/// </summary>
internal static class SessionCookiePrefixRules
{
    public const string HostPrefix = "__Host-";
    public const string SecurePrefix = "__Secure-";

    public static IEnumerable<string> Check(DjangoSessionSettings s)
    {
        var section = DjangoSessionSettings.SectionName;
        var name = s.Cookie.CookieName ?? "";
        if (name.StartsWith(HostPrefix, StringComparison.OrdinalIgnoreCase))
        {
            if (!s.Cookie.CookieSecure)
            {
                yield return $"{section}:CookieName: a '{HostPrefix}' cookie must be Secure; set {section}:CookieSecure to true.";
            }
            if (s.Cookie.CookiePath != "/")
            {
                yield return $"{section}:CookieName: a '{HostPrefix}' cookie must have Path=/; {section}:CookiePath is '{s.Cookie.CookiePath}'.";
            }
            if (!string.IsNullOrEmpty(s.Cookie.CookieDomain))
            {
                yield return $"{section}:CookieName: a '{HostPrefix}' cookie must not have a Domain; {section}:CookieDomain is '{s.Cookie.CookieDomain}'.";
            }
        }
        else if (name.StartsWith(SecurePrefix, StringComparison.OrdinalIgnoreCase) && !s.Cookie.CookieSecure)
        {
            yield return $"{section}:CookieName: a '{SecurePrefix}' cookie must be Secure; set {section}:CookieSecure to true.";
        }
    }
}
