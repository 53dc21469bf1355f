using System.Text.Json.Nodes;

namespace BlazorSessionDemo.Tests.Engines.FileEngine;

/// <summary>
/// Runs <c>interop/django_file_session_peer.py</c> under Debian's Django 3.2 (<c>/usr/bin/python3</c>) on the same
/// session folder and secret as the engine under test. Any failure (no Django, a traceback, a timeout) fails the test
/// with the script's stderr; nothing is skipped.
/// </summary>
internal static class DjangoFilePeer
{
    /// <summary><c>read KEY</c>: what Django's file SessionStore sees for that key (loading it, as a request would).</summary>
    public static Task<JsonObject> ReadAsync(string folder, string secret, string sessionKey) =>
        RunAsync(folder, secret, "read", sessionKey);

    /// <summary><c>write JSON</c>: Django creates a session file holding <paramref name="data"/>; returns its key.</summary>
    public static async Task<string> WriteAsync(string folder, string secret, JsonObject data) =>
        KeyOf(await RunAsync(folder, secret, "write", data.ToJsonString()));

    /// <summary><c>update KEY JSON</c>: Django loads the session, adds the items and saves it under the same key.</summary>
    public static async Task<string> UpdateAsync(string folder, string secret, string sessionKey, JsonObject items) =>
        KeyOf(await RunAsync(folder, secret, "update", $"{sessionKey} {items.ToJsonString()}"));

    /// <summary><c>clear</c>: Django's clear_expired on the folder; returns the file names left.</summary>
    public static async Task<IReadOnlyList<string>> ClearExpiredAsync(string folder, string secret)
    {
        var result = await RunAsync(folder, secret, "clear", "-");
        return [.. result["files"]!.AsArray().Select(n => n!.GetValue<string>())];
    }

    private static string KeyOf(JsonObject result) => result["session_key"]?.GetValue<string>()
        ?? throw new InvalidOperationException($"Django returned no session_key: {result.ToJsonString()}");

    private static Task<JsonObject> RunAsync(string folder, string secret, string verb, string argument) =>
        DjangoScript.RunAsync("django_file_session_peer.py", folder, secret, verb, argument);
}
