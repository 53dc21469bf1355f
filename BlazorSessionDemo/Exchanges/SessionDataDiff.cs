using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using BlazorSessionDemo.Auth;

namespace BlazorSessionDemo.Exchanges;

/// <summary>
/// The keys an exchange added, changed or removed in the decoded session data, values as compact JSON. The login's
/// <c>_auth_user_hash</c> (Django's <c>salted_hmac</c> of the password hash) is never shown, only "(hidden)": it is
/// derived from password material.
/// </summary>
public static class SessionDataDiff
{
    public const string Hidden = "(hidden)";

    /// <summary>At most this many changes travel (the one-time cookie must stay under a browser's 4 KB).</summary>
    public const int MaxChanges = 10;

    private const int MaxValue = 48;

    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The changes from <paramref name="before"/> to <paramref name="after"/>, in key order, and how many were left out.</summary>
    public static (IReadOnlyList<SessionDataChange> Changes, int LeftOut) Between(
        IReadOnlyCollection<KeyValuePair<string, JsonNode?>> before, IReadOnlyCollection<KeyValuePair<string, JsonNode?>> after)
    {
        var old = before.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var now = after.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var changes = new List<SessionDataChange>();
        foreach (var key in old.Keys.Union(now.Keys).Order(StringComparer.Ordinal))
        {
            var had = old.TryGetValue(key, out var was);
            var has = now.TryGetValue(key, out var @is);
            if (had && has && JsonNode.DeepEquals(was, @is))
            {
                continue;
            }
            var kind = !had ? DataChangeKind.Added : !has ? DataChangeKind.Removed : DataChangeKind.Changed;
            changes.Add(new(ShownText.Cut(key, MaxValue)!, kind, had ? Show(key, was) : null, has ? Show(key, @is) : null));
        }
        return changes.Count <= MaxChanges ? (changes, 0) : (changes[..MaxChanges], changes.Count - MaxChanges);
    }

    private static string Show(string key, JsonNode? value) =>
        key == SessionUser.AuthHashKey ? Hidden : ShownText.Cut(value is null ? "null" : value.ToJsonString(Compact), MaxValue)!;
}
