using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace DjangoSessions.Http;

/// <summary>The cookie names the app owns, guarded by <see cref="CookieNameCaseGuard"/>. The session cookie is always one.</summary>
public sealed class CookieNameCaseSettings
{
    /// <summary>The guarded cookie names, compared exactly; add the app's own (antiforgery, authentication) with the options pattern.</summary>
    public ISet<string> Names { get; } = new HashSet<string>(StringComparer.Ordinal);
}

/// <summary>
/// Drops from the request's <c>Cookie</c> header every cookie whose name differs from one of the app's own only in
/// case (<c>SESSIONID</c> beside <c>sessionid</c>), before anything reads it. Cookie names are case-sensitive
/// (RFC 6265; Django's <c>request.COOKIES</c> is a plain dict), but ASP.NET Core's <c>Request.Cookies</c> is not: of two
/// such names it keeps one, so a twin planted by a sibling subdomain or a plain-HTTP page could hide the session or the
/// antiforgery cookie (every form post failing). After this, everything downstream sees only the real one.
/// </summary>
internal sealed partial class CookieNameCaseGuard(RequestDelegate next, IOptions<CookieNameCaseSettings> options,
    ILogger<CookieNameCaseGuard> logger)
{
    // The names as an array: looking through it allocates nothing, where enumerating an ISet boxes an enumerator.
    private readonly string[] _names = [.. options.Value.Names];

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Request.Headers;
        var cookie = headers.Cookie;
        // Every request with cookies passes here: the common case (no twin) is checked without splitting the header.
        if (cookie.Count > 0 && AnyCaseTwin(cookie) && Without(cookie) is { } kept)
        {
            headers.Cookie = kept;
        }
        return next(context);
    }

    private bool AnyCaseTwin(StringValues cookieHeaders)
    {
        foreach (var header in cookieHeaders)
        {
            if (header is null)
            {
                continue;
            }
            foreach (var range in header.AsSpan().Split(';'))
            {
                if (OwnNameTwinnedBy(header.AsSpan()[range]) is not null)
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>The header values without the case twins, or null when there were none (the header stays untouched).</summary>
    private StringValues? Without(StringValues cookieHeaders)
    {
        var dropped = false;
        var kept = new List<string>(cookieHeaders.Count);
        foreach (var header in cookieHeaders)
        {
            if (header is null)
            {
                continue;
            }
            var pairs = header.Split(';');
            var keep = pairs.Where(pair => !IsCaseTwin(pair)).ToArray();
            if (keep.Length == pairs.Length)
            {
                kept.Add(header);
                continue;
            }
            dropped = true;
            if (keep.Length > 0)
            {
                kept.Add(string.Join(';', keep).TrimStart(' ', '\t'));
            }
        }
        return dropped ? new StringValues([.. kept]) : (StringValues?)null;
    }

    private bool IsCaseTwin(string pair)
    {
        if (OwnNameTwinnedBy(pair) is not { } own)
        {
            return false;
        }
        IgnoredCaseTwin(logger, NameOf(pair).ToString(), own);
        return true;
    }

    /// <summary>The app's own cookie name that <paramref name="pair"/>'s name differs from only in case, or null.</summary>
    private string? OwnNameTwinnedBy(ReadOnlySpan<char> pair)
    {
        var name = NameOf(pair);
        foreach (var own in _names)
        {
            // Lengths, then the exact (vectorised) test first: nearly every pair is one of the app's names as sent, or
            // another name of another length, and neither needs the case-folding compare.
            if (name.Length == own.Length && !name.SequenceEqual(own) && name.Equals(own, StringComparison.OrdinalIgnoreCase))
            {
                return own;
            }
        }
        return null;
    }

    // The name as SessionCookie.TryRead takes it: after the separator's space, up to '='.
    private static ReadOnlySpan<char> NameOf(ReadOnlySpan<char> pair)
    {
        var trimmed = pair.TrimStart(" \t");
        var equals = trimmed.IndexOf('=');
        return equals < 0 ? trimmed : trimmed[..equals];
    }

    [LoggerMessage(EventId = 1009, Level = LogLevel.Information,
        Message = "Ignored a request cookie named {Name}: it differs from the app's cookie {Own} only in case.")]
    private static partial void IgnoredCaseTwin(ILogger logger, string name, string own);
}
