using System.Diagnostics.CodeAnalysis;

namespace BlazorSessionDemo.Security;

/// <summary>
/// An origin as RFC 6454 compares them: scheme, host and port (the default port made explicit), case-insensitive. With
/// <see cref="AnySubdomain"/> it is a <c>CSRF_TRUSTED_ORIGINS</c> wildcard entry (<c>https://*.example.com</c>).
/// </summary>
public sealed record WebOrigin(string Scheme, string Host, int Port, bool AnySubdomain = false)
{
    /// <summary>An <c>Origin</c> header value or a configured entry; false for <c>null</c>, paths, other schemes, junk.</summary>
    public static bool TryParse(string? text, bool allowWildcard, [NotNullWhen(true)] out WebOrigin? origin)
    {
        origin = null;
        if (string.IsNullOrEmpty(text) || text.Length > 2048)
        {
            return false;
        }
        var separator = text.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0)
        {
            return false;
        }
        var scheme = text[..separator].ToLowerInvariant();
        var authority = text[(separator + 3)..];
        var wildcard = allowWildcard && authority.StartsWith("*.", StringComparison.Ordinal);
        if (wildcard)
        {
            authority = authority[2..];
        }
        // An origin is scheme://host[:port] and nothing else: no user info, path, query or fragment, no other wildcard.
        if (scheme is not ("http" or "https") || authority.Length == 0 || authority.IndexOfAny(['/', '?', '#', '@', '*', '\\', ' ']) >= 0
            || !Uri.TryCreate($"{scheme}://{authority}", UriKind.Absolute, out var uri) || uri.HostNameType == UriHostNameType.Unknown
            || uri.IdnHost.Length == 0)
        {
            return false;
        }
        origin = new WebOrigin(scheme, uri.IdnHost.ToLowerInvariant(), uri.Port, wildcard);
        return true;
    }

    /// <summary>This site's origin as the request sees it: its scheme and its <c>Host</c> (Django's <c>request.get_host()</c>).</summary>
    public static WebOrigin? Of(HttpRequest request) =>
        TryParse($"{request.Scheme}://{request.Host.Value}", allowWildcard: false, out var own) ? own : null;

    /// <summary>
    /// Whether <paramref name="origin"/> is this one, or for a wildcard entry one of its subdomains or the domain itself
    /// (Django's <c>is_same_domain</c>); scheme and port always match exactly.
    /// </summary>
    public bool Admits(WebOrigin origin) =>
        Scheme == origin.Scheme && Port == origin.Port
        && (Host == origin.Host || (AnySubdomain && origin.Host.EndsWith("." + Host, StringComparison.Ordinal)));
}
