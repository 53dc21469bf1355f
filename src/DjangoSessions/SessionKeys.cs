using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace DjangoSessions;

/// <summary>
/// Session keys as Django makes them (<c>get_random_string(32, VALID_KEY_CHARS)</c>): 32 characters of
/// <c>[a-z0-9]</c> from a CSPRNG, about 165 bits. Validation is stricter than Django's "8 or more characters":
/// anything this app could not have issued is no session at all, so a planted or malformed cookie never
/// reaches a store (and never a file path).
/// </summary>
public static class SessionKeys
{
    /// <summary>A key's length: 32 characters.</summary>
    internal const int Length = 32;
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>A new key from a CSPRNG.</summary>
    public static string Generate() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>
    /// Whether two session ids (a session key, or the id inside a signed cookie) are the same, in constant time: they
    /// are bearer secrets, so how long a guess takes never tells how much of a kept id it shares.
    /// </summary>
    /// <remarks>
    /// Eight bytes at a time, every difference folded in and no early exit. CryptographicOperations.FixedTimeEquals
    /// gives the same guarantee but is compiled without optimisation on purpose, one byte at a time: about 120 ns for a
    /// 32-character key, on every authenticated request (the fingerprint memo), where this takes a few. As with
    /// FixedTimeEquals, only the lengths are compared first (every id of an engine has the same length).
    /// </remarks>
    internal static bool SameId(string kept, string given)
    {
        if (kept.Length != given.Length)
        {
            return false;
        }
        var a = MemoryMarshal.AsBytes(kept.AsSpan());
        var b = MemoryMarshal.AsBytes(given.AsSpan());
        ulong difference = 0;
        var i = 0;
        for (; i + sizeof(ulong) <= a.Length; i += sizeof(ulong))
        {
            difference |= MemoryMarshal.Read<ulong>(a[i..]) ^ MemoryMarshal.Read<ulong>(b[i..]);
        }
        for (; i < a.Length; i++)
        {
            difference |= (uint)(a[i] ^ b[i]);
        }
        return difference == 0;
    }

    /// <summary>Whether <paramref name="key"/> is 32 characters of <c>[a-z0-9]</c>: anything else is no session.</summary>
    public static bool IsWellFormed(string? key)
    {
        if (key is null || key.Length != Length)
        {
            return false;
        }
        foreach (var c in key)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9')))
            {
                return false;
            }
        }
        return true;
    }
}
