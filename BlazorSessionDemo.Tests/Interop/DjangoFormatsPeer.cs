using System.Text.Json.Nodes;

namespace BlazorSessionDemo.Tests.Interop;

/// <summary>
/// Runs <c>interop/django_formats_peer.py</c> under Debian's Django 3.2: Python's own <c>datetime.isoformat()</c> and
/// Django 3.2's own pre-3.1 ("legacy") session encoding, the references the conformance tests compare against.
/// </summary>
internal static class DjangoFormatsPeer
{
    /// <summary><c>datetime(..., tzinfo=timezone.utc).isoformat()</c> of each instant (to the microsecond, truncated).</summary>
    public static async Task<IReadOnlyList<string>> IsoFormatAsync(IEnumerable<DateTimeOffset> instants)
    {
        var parts = new JsonArray([.. instants.Select(i => i.ToUniversalTime()).Select(u => (JsonNode)new JsonArray(
            u.Year, u.Month, u.Day, u.Hour, u.Minute, u.Second, (int)(u.Ticks % TimeSpan.TicksPerSecond / 10)))]);
        var result = await DjangoScript.RunAsync("django_formats_peer.py", "unused-secret", "isoformat", parts.ToJsonString());
        return [.. result["values"]!.AsArray().Select(v => v!.GetValue<string>())];
    }

    /// <summary>Django 3.2's <c>SessionStore().encode(dict)</c> with <c>DEFAULT_HASHING_ALGORITHM = 'sha1'</c> (the legacy format).</summary>
    public static async Task<IReadOnlyList<string>> LegacyEncodeAsync(string secret, IEnumerable<JsonObject> dicts)
    {
        var array = new JsonArray([.. dicts.Select(d => (JsonNode)d.DeepClone())]);
        var result = await DjangoScript.RunAsync("django_formats_peer.py", secret, "legacy-encode", array.ToJsonString());
        return [.. result["session_data"]!.AsArray().Select(v => v!.GetValue<string>())];
    }

}
