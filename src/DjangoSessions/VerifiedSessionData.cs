using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Caching.Memory;

namespace DjangoSessions;

/// <summary>
/// Stored session data this process has already verified, or signed itself, kept parsed. A store hands back the same
/// string on every request of a session that has not changed since, and checking it again (base64, zlib, HMAC-SHA256,
/// JSON) can only give the same answer: the signer's keys are fixed for the life of the process, and the string
/// carries its own signature, so a string equal to one verified before is that data. What a store holds that this
/// process never saw - a write by another node or by Django, or a tampered row - is verified as ever; a failure is
/// never kept, so tampered data logs Django's "Session data corrupted" on every read.
/// Bounded: at most <see cref="Capacity"/> strings, the least recently used dropped first, and any unused for
/// <see cref="IdleLifetime"/> dropped, so the old versions of a changing session don't stay.
/// </summary>
internal sealed class VerifiedSessionData
{
    /// <summary>
    /// The strings kept, about 1-2 KB each for a login's session (the string and its parsed dict): some 15 MB at most.
    /// </summary>
    internal const int Capacity = 10_000;

    internal static readonly TimeSpan IdleLifetime = TimeSpan.FromMinutes(30);

    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = Capacity });

    /// <summary>How many strings are kept now.</summary>
    public int Count => _entries.Count;

    /// <summary>A copy of the dict <paramref name="sessionData"/> was verified (or signed) as; false for a string not kept.</summary>
    public bool TryGet(string sessionData, out JsonObject data)
    {
        if (TryGetShared(sessionData, out var kept))
        {
            // A copy each time: the session changes its dict in place, and an unsaved change must not reach the next read.
            data = kept.DeepClone().AsObject();
            return true;
        }
        data = null!;
        return false;
    }

    /// <summary>The kept dict itself (settled, read by many threads at once): the caller must never change it.</summary>
    public bool TryGetShared(string sessionData, out JsonObject data)
    {
        if (_entries.TryGetValue(sessionData, out JsonObject? kept) && kept is not null)
        {
            data = kept;
            return true;
        }
        data = null!;
        return false;
    }

    /// <summary>
    /// Keeps <paramref name="data"/> as what <paramref name="sessionData"/> decodes to. The caller hands over the dict:
    /// it must be one nobody else holds (a fresh parse), since every later read is a copy of it.
    /// </summary>
    public void Remember(string sessionData, JsonObject data)
    {
        Settle(data);
        _entries.Set(sessionData, data, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = IdleLifetime });
    }

    /// <summary>
    /// Readies a parsed dict for being copied on every read, from many threads at once: parsed objects and arrays
    /// build their children on first access (done now, so copies only ever read), and a parsed string is kept as a
    /// .NET string (a copy shares it, and reading it needs no UTF-8 decoding each time). Numbers stay as parsed, so
    /// they read back in every numeric type exactly as after a decode.
    /// </summary>
    internal static void Settle(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(property => property.Key).ToArray())
                {
                    if (Settled(obj[key]) is { } text)
                    {
                        obj[key] = text;
                    }
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (Settled(array[i]) is { } text)
                    {
                        array[i] = text;
                    }
                }
                break;
        }
    }

    /// <summary>The .NET string to keep in place of a parsed one, or null when <paramref name="node"/> stays (settled).</summary>
    private static JsonValue? Settled(JsonNode? node)
    {
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.TryGetValue<JsonElement>(out var element))
        {
            return JsonValue.Create(element.GetString());
        }
        Settle(node);
        return null;
    }
}
