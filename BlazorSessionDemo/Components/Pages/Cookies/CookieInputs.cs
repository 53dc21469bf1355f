namespace BlazorSessionDemo.Components.Pages.Cookies;

/// <summary>
/// The arguments of Django's <c>response.set_cookie(key, value, max_age, expires, path, domain, secure, httponly, samesite)</c>,
/// as a form posts them: text fields stay strings so a bad number or date gets our message at the field,
/// never a binding error. <see cref="CookieRules"/> checks them.
/// </summary>
public sealed class SetCookieInput
{
    public string? Key { get; set; }

    public string? Value { get; set; }

    /// <summary>Seconds; empty means Django's <c>max_age=None</c> (a browser-session cookie unless expires is given).</summary>
    public string? MaxAge { get; set; }

    /// <summary>A UTC date/time such as <c>2030-01-01T12:00</c> (what a datetime-local input posts).</summary>
    public string? Expires { get; set; }

    public string? Path { get; set; } = "/";

    public string? Domain { get; set; }

    public bool Secure { get; set; }

    public bool HttpOnly { get; set; }

    /// <summary><c>Lax</c>, <c>Strict</c>, <c>None</c>, or empty for Django's <c>samesite=None</c> (no attribute at all).</summary>
    public string? SameSite { get; set; }
}

/// <summary>The arguments of Django's <c>response.delete_cookie(key, path='/', domain=None)</c>.</summary>
public sealed class DeleteCookieInput
{
    public string? Key { get; set; }

    public string? Path { get; set; } = "/";

    public string? Domain { get; set; }
}
