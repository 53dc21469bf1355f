namespace BlazorSessionDemo.Auth;

/// <summary>Open-redirect defence for <c>returnUrl</c>: only paths on this site, as ASP.NET Core's <c>IsLocalUrl</c>.</summary>
public static class LocalUrls
{
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url)
        && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl);

    public static string OrDefault(string? url, string fallback) => IsLocal(url) ? url! : fallback;
}
