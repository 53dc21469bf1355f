using System.Text.Json.Nodes;

namespace BlazorSessionDemo.Tests.Engines.SignedCookies;

/// <summary>
/// Runs <c>interop/django_signed_cookie_peer.py</c> (cookie-read / cookie-write) under Debian's Django 3.2
/// (<c>/usr/bin/python3</c>, as <c>Interop/DjangoPeer</c> does) with the same secret as this app. Any failure (no
/// Django, a traceback, a timeout) fails the test with the script's stderr; nothing is skipped.
/// </summary>
internal static class DjangoSignedCookiePeer
{
    /// <summary><c>cookie-read VALUE</c>: what Django's signed_cookies SessionStore sees in that cookie.</summary>
    public static Task<JsonObject> ReadAsync(string secret, string cookie) => RunAsync(secret, "cookie-read", cookie);

    /// <summary><c>cookie-write JSON</c>: the cookie value Django's signed_cookies SessionStore writes for that dict.</summary>
    public static async Task<string> WriteAsync(string secret, JsonObject data) =>
        (await RunAsync(secret, "cookie-write", data.ToJsonString()))["cookie"]!.GetValue<string>();

    // The cookie verbs use no database; the script's first argument is still a (never created) SQLite path.
    private static Task<JsonObject> RunAsync(string secret, string verb, string argument) =>
        DjangoScript.RunAsync("django_signed_cookie_peer.py",
            Path.Combine(Path.GetTempPath(), "unused-signed-cookie-peer.db"), secret, verb, argument);
}
