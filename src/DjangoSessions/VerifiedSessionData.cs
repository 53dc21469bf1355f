using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Collections.Concurrent;
using System.Text;
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

    // The kept strings again, for finding one from a store's bytes without making a string of them first (a store
    // that answers in UTF-8, such as Redis: the string would be allocated on every read only to be found equal to a
    // kept one). Follows the cache: an entry goes from here once the cache has dropped it.
    private readonly ConcurrentDictionary<string, JsonObject> _byText = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonObject>.AlternateLookup<ReadOnlySpan<char>> _byChars;
    private readonly PostEvictionCallbackRegistration _forget;

    public VerifiedSessionData()
    {
        _byChars = _byText.GetAlternateLookup<ReadOnlySpan<char>>();
        _forget = new PostEvictionCallbackRegistration { EvictionCallback = Forget, State = _byText };
    }

    // Only the entry that was dropped: a string set again (Replaced) has its new dict in the index already.
    private static void Forget(object key, object? value, EvictionReason reason, object? state)
    {
        if (value is JsonObject data)
        {
            ((ConcurrentDictionary<string, JsonObject>)state!).TryRemove(new KeyValuePair<string, JsonObject>((string)key, data));
        }
    }

    /// <summary>How many strings are kept now.</summary>
    public int Count => _entries.Count;

    /// <summary>How many strings the index of <see cref="TryFindText"/> holds (follows <see cref="Count"/> shortly after a drop).</summary>
    internal int IndexedCount => _byText.Count;

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
    /// The kept string whose UTF-8 is <paramref name="utf8"/>, without allocating: session data is ASCII (base64url,
    /// ':' and digits, or legacy base64), so its bytes widen to the string's characters one for one. False for bytes
    /// not kept (or not ASCII); the caller then makes the string and decodes it as ever.
    /// </summary>
    public bool TryFindText(ReadOnlySpan<byte> utf8, [NotNullWhen(true)] out string? sessionData)
    {
        const int StackChars = 1024;
        char[]? rented = null;
        var chars = utf8.Length <= StackChars ? stackalloc char[StackChars] : (rented = ArrayPool<char>.Shared.Rent(utf8.Length));
        try
        {
            sessionData = Ascii.ToUtf16(utf8, chars, out var written) == OperationStatus.Done
                && _byChars.TryGetValue(chars[..written], out var kept, out _) ? kept : null;
            return sessionData is not null;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Keeps <paramref name="data"/> as what <paramref name="sessionData"/> decodes to. The caller hands over the dict:
    /// it must be one nobody else holds (a fresh parse), since every later read is a copy of it.
    /// </summary>
    public void Remember(string sessionData, JsonObject data)
    {
        Settle(data);
        var options = new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = IdleLifetime };
        options.PostEvictionCallbacks.Add(_forget);
        // Indexed first: a string the cache refused at once (full) is dropped from the index by its callback.
        _byText[sessionData] = data;
        _entries.Set(sessionData, data, options);
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
