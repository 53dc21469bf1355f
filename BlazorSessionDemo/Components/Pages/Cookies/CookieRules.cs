using System.Globalization;
using System.Text.RegularExpressions;

namespace BlazorSessionDemo.Components.Pages.Cookies;

/// <summary>One message for one form field (the field is the input model's property name).</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>
/// What the cookies page accepts. Each rule refuses something a browser would drop or misread, so the page
/// never sends a header that silently does nothing. Values are not refused: ASP.NET Core's
/// <c>Response.Cookies.Append</c> percent-encodes them (and <c>Request.Cookies</c> decodes them), where Django's
/// SimpleCookie would quote them instead; the page says so when it happens.
/// </summary>
public static partial class CookieRules
{
    public const string KeyRequired = "Enter a cookie name.";
    public const string KeyNotToken = "A cookie name is an RFC 6265 token: printable ASCII without spaces or any of ( ) < > @ , ; : \\ \" / [ ] ? = { }.";
    public const string SecurePrefixNeedsSecure = "Browsers drop a __Secure- cookie that is not Secure: tick secure.";
    public const string HostPrefixRules = "Browsers drop a __Host- cookie unless it is Secure, has path / and no domain.";
    public const string TooLarge = "Browsers ignore a cookie whose name and (encoded) value exceed 4096 bytes.";
    public const string MaxAgeNotWhole = "max_age is a whole number of seconds.";
    public const string MaxAgeNegative = "max_age cannot be negative; use 0 (or Delete) to expire a cookie now.";
    public const string ExpiresUnparseable = "expires is a UTC date and time, such as 2030-01-01T12:00.";
    public const string ExpiresWithMaxAge = "Give max_age or expires, not both: Django raises ValueError(\"'expires' and 'max_age' can't be used together.\").";
    public const string PathMustStartWithSlash = "path must start with /.";
    public const string PathIllegal = "path cannot contain ; or control characters, and must be ASCII.";
    public const string DomainIllegal = "domain is a host name: letters, digits, - and dots only (an optional leading dot).";
    public const string PathTooLong = "Browsers ignore a path longer than 1024 characters (RFC 6265bis §5.6).";
    public const string DomainTooLong = "domain is at most 253 characters, the longest host name there is.";
    public const string SameSiteUnknown = "SameSite is Lax, Strict, None or (none).";
    public const string SameSiteNoneNeedsSecure = "Browsers reject SameSite=None without Secure: tick secure, or pick another SameSite.";

    /// <summary>RFC 6265 browsers store at most 4096 bytes of name plus value.</summary>
    public const int MaxCookieBytes = 4096;

    /// <summary>RFC 6265bis: a browser ignores an attribute value longer than 1024 octets.</summary>
    public const int MaxPathLength = 1024;

    /// <summary>The longest DNS name (RFC 1035).</summary>
    public const int MaxDomainLength = 253;

    public static IReadOnlyList<FieldError> ValidateSet(SetCookieInput input, ProtectedCookies protectedCookies)
    {
        var errors = new List<FieldError>();
        var key = input.Key ?? "";
        CheckKey(key, nameof(SetCookieInput.Key), protectedCookies, errors);
        if (key.StartsWith("__Secure-", StringComparison.Ordinal) && !input.Secure)
        {
            errors.Add(new(nameof(SetCookieInput.Key), SecurePrefixNeedsSecure));
        }
        if (key.StartsWith("__Host-", StringComparison.Ordinal) && (!input.Secure || input.Path != "/" || !string.IsNullOrEmpty(input.Domain)))
        {
            errors.Add(new(nameof(SetCookieInput.Key), HostPrefixRules));
        }
        if (key.Length + Uri.EscapeDataString(input.Value ?? "").Length > MaxCookieBytes)
        {
            errors.Add(new(nameof(SetCookieInput.Value), TooLarge));
        }
        var hasMaxAge = !string.IsNullOrWhiteSpace(input.MaxAge);
        if (hasMaxAge)
        {
            if (!int.TryParse(input.MaxAge, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var maxAge))
            {
                errors.Add(new(nameof(SetCookieInput.MaxAge), MaxAgeNotWhole));
            }
            else if (maxAge < 0)
            {
                errors.Add(new(nameof(SetCookieInput.MaxAge), MaxAgeNegative));
            }
        }
        if (!string.IsNullOrWhiteSpace(input.Expires))
        {
            if (ParseExpires(input.Expires) is null)
            {
                errors.Add(new(nameof(SetCookieInput.Expires), ExpiresUnparseable));
            }
            else if (hasMaxAge)
            {
                errors.Add(new(nameof(SetCookieInput.Expires), ExpiresWithMaxAge));
            }
        }
        CheckPath(input.Path, nameof(SetCookieInput.Path), errors);
        CheckDomain(input.Domain, nameof(SetCookieInput.Domain), errors);
        if (!string.IsNullOrEmpty(input.SameSite) && input.SameSite is not ("Lax" or "Strict" or "None"))
        {
            errors.Add(new(nameof(SetCookieInput.SameSite), SameSiteUnknown));
        }
        else if (input.SameSite == "None" && !input.Secure)
        {
            errors.Add(new(nameof(SetCookieInput.SameSite), SameSiteNoneNeedsSecure));
        }
        return errors;
    }

    public static IReadOnlyList<FieldError> ValidateDelete(DeleteCookieInput input, ProtectedCookies protectedCookies)
    {
        var errors = new List<FieldError>();
        CheckKey(input.Key ?? "", nameof(DeleteCookieInput.Key), protectedCookies, errors);
        CheckPath(input.Path, nameof(DeleteCookieInput.Path), errors);
        CheckDomain(input.Domain, nameof(DeleteCookieInput.Domain), errors);
        return errors;
    }

    /// <summary>
    /// The host, when a browser on <paramref name="host"/> would ignore a cookie with <paramref name="domain"/> (RFC 6265
    /// §5.3 step 6 and §5.1.3 domain-match: the Domain must be the host itself or, for a host name, a parent of it);
    /// null when it would take it, or when there is no Domain.
    /// </summary>
    public static string? DomainIgnoredBy(string? domain, string? host)
    {
        if (string.IsNullOrEmpty(domain) || string.IsNullOrEmpty(host))
        {
            return null;
        }
        var wanted = domain.TrimStart('.');
        var matches = host.Equals(wanted, StringComparison.OrdinalIgnoreCase)
            || (!System.Net.IPAddress.TryParse(host, out _) && host.EndsWith("." + wanted, StringComparison.OrdinalIgnoreCase));
        return matches ? null : host;
    }

    /// <summary>RFC 6265 section 4.1.1: cookie-name = token (RFC 2616: CHAR except CTLs and separators).</summary>
    public static bool IsToken(string name) => name.Length > 0 && name.All(c => c > ' ' && c < 127 && !"()<>@,;:\\\"/[]?={}".Contains(c));

    /// <summary>The posted expires as UTC: a date/time without an offset is read as UTC.</summary>
    public static DateTimeOffset? ParseExpires(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : null;

    private static void CheckKey(string key, string field, ProtectedCookies protectedCookies, List<FieldError> errors)
    {
        if (key.Length == 0)
        {
            errors.Add(new(field, KeyRequired));
        }
        else if (!IsToken(key))
        {
            errors.Add(new(field, KeyNotToken));
        }
        else if (protectedCookies.RefusalFor(key) is { } refusal)
        {
            errors.Add(new(field, refusal));
        }
    }

    private static void CheckPath(string? path, string field, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(path) || path[0] != '/')
        {
            errors.Add(new(field, PathMustStartWithSlash));
        }
        else if (path.Length > MaxPathLength)
        {
            errors.Add(new(field, PathTooLong));
        }
        else if (path.Any(c => c < ' ' || c >= 127 || c == ';'))
        {
            errors.Add(new(field, PathIllegal));
        }
    }

    private static void CheckDomain(string? domain, string field, List<FieldError> errors)
    {
        if (domain?.Length > MaxDomainLength)
        {
            errors.Add(new(field, DomainTooLong));
        }
        else if (!string.IsNullOrEmpty(domain) && !DomainPattern().IsMatch(domain))
        {
            errors.Add(new(field, DomainIllegal));
        }
    }

    [GeneratedRegex(@"^\.?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$")]
    private static partial Regex DomainPattern();
}
