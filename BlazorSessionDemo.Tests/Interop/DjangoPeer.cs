using System.Text.Json.Nodes;

namespace BlazorSessionDemo.Tests.Interop;

/// <summary>
/// Runs <c>interop/django_session_peer.py</c> under Debian's Django 3.2 (<c>/usr/bin/python3</c>; the <c>python3</c>
/// on PATH may be another interpreter without Django) against the same SQLite file and secret as this app.
/// Any failure (no Django, a traceback, a timeout) fails the test with the script's stderr; nothing is skipped.
/// </summary>
internal static class DjangoPeer
{
    /// <summary><c>read KEY</c>: what Django's db SessionStore sees for that key.</summary>
    public static Task<JsonObject> ReadAsync(string dbPath, string secret, string sessionKey) =>
        RunScriptAsync(dbPath, secret, "read", sessionKey);

    /// <summary><c>write JSON</c>: Django creates a session holding <paramref name="data"/>; returns its key.</summary>
    public static async Task<string> WriteAsync(string dbPath, string secret, JsonObject data)
    {
        var result = await RunScriptAsync(dbPath, secret, "write", data.ToJsonString());
        return result["session_key"]?.GetValue<string>()
            ?? throw new InvalidOperationException($"Django returned no session_key: {result.ToJsonString()}");
    }

    /// <summary><c>migrate</c>: Django creates its own tables (django_session with its hashed-name index) in the file.</summary>
    public static Task MigrateAsync(string dbPath, string secret) => RunScriptAsync(dbPath, secret, "migrate", "-");

    private static Task<JsonObject> RunScriptAsync(string dbPath, string secret, string verb, string argument) =>
        DjangoScript.RunAsync("django_session_peer.py", dbPath, secret, verb, argument);
}
