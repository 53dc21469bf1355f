namespace DjangoSessions.Catalog;

/// <summary>
/// A User-Agent header made readable, as django-user-sessions' <c>device</c> filter does: "Chrome on Linux",
/// "Safari on iOS". Token order matters (Edge and Opera say "Chrome", Chrome says "Safari", Android says "Linux"),
/// so the most specific tokens are tried first. A guess for people, never used for decisions.
/// </summary>
internal static class UserAgentDescription
{
    private static readonly (string Token, string Name)[] Browsers =
    [
        ("Edg/", "Edge"), ("EdgA/", "Edge"), ("OPR/", "Opera"), ("Opera", "Opera"), ("SamsungBrowser/", "Samsung Internet"),
        ("Firefox/", "Firefox"), ("FxiOS/", "Firefox"), ("HeadlessChrome/", "Headless Chrome"), ("Chromium/", "Chromium"),
        ("CriOS/", "Chrome"), ("Chrome/", "Chrome"), ("Version/", "Safari"), ("MSIE ", "Internet Explorer"),
        ("Trident/", "Internet Explorer"), ("curl/", "curl"), ("python-requests/", "Python requests"),
    ];

    private static readonly (string Token, string Name)[] Systems =
    [
        ("Windows", "Windows"), ("iPhone", "iOS"), ("iPad", "iOS"), ("Android", "Android"), ("CrOS", "ChromeOS"),
        ("Mac OS X", "macOS"), ("Macintosh", "macOS"), ("Linux", "Linux"), ("FreeBSD", "FreeBSD"),
    ];

    /// <summary>"Browser on System", just one of them when the other is unknown, "" for no header.</summary>
    public static string Describe(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return "";
        }
        var browser = First(Browsers, userAgent);
        var system = First(Systems, userAgent);
        return (browser, system) switch
        {
            (not null, not null) => $"{browser} on {system}",
            (not null, null) => browser,
            (null, not null) => $"Unknown browser on {system}",
            _ => "Unknown",
        };
    }

    private static string? First((string Token, string Name)[] candidates, string userAgent)
    {
        foreach (var (token, name) in candidates)
        {
            if (userAgent.Contains(token, StringComparison.Ordinal))
            {
                return name;
            }
        }
        return null;
    }
}
