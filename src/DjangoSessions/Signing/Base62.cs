using System.Text;

namespace DjangoSessions.Signing;

/// <summary>django.core.signing.b62_encode / b62_decode: the timestamp part of a signed value.</summary>
internal static class Base62
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>The longest encoding of a long: a '-' and 11 digits (62^11 > 2^63).</summary>
    public const int MaxLength = 12;

    public static string Encode(long value)
    {
        Span<byte> text = stackalloc byte[MaxLength];
        return Encoding.ASCII.GetString(text[..Encode(value, text)]);
    }

    /// <summary>b62_encode into <paramref name="destination"/> (at least <see cref="MaxLength"/> bytes) as ASCII; returns the length.</summary>
    public static int Encode(long value, Span<byte> destination)
    {
        if (value == 0)
        {
            destination[0] = (byte)'0';
            return 1;
        }
        // The magnitude as unsigned, so long.MinValue has one too.
        var n = value < 0 ? (ulong)-(value + 1) + 1 : (ulong)value;
        Span<byte> reversed = stackalloc byte[MaxLength];
        var count = 0;
        while (n > 0)
        {
            reversed[count++] = (byte)Alphabet[(int)(n % 62)];
            n /= 62;
        }
        var at = 0;
        if (value < 0)
        {
            destination[at++] = (byte)'-';
        }
        while (count > 0)
        {
            destination[at++] = reversed[--count];
        }
        return at;
    }

    /// <summary>A timestamp part as the moment it names; false when it is not base62 or outside DateTimeOffset's range.</summary>
    public static bool TryDecodeUnixTime(ReadOnlySpan<char> text, out DateTimeOffset moment)
    {
        var valid = TryDecode(text, out var seconds)
            && seconds >= DateTimeOffset.MinValue.ToUnixTimeSeconds() && seconds <= DateTimeOffset.MaxValue.ToUnixTimeSeconds();
        moment = valid ? DateTimeOffset.FromUnixTimeSeconds(seconds) : default;
        return valid;
    }

    public static bool TryDecode(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        if (text.Length == 0 || text.Length > MaxLength)
        {
            return false;
        }
        var negative = text[0] == '-';
        var digits = negative ? text[1..] : text;
        if (digits.IsEmpty)
        {
            return false;
        }
        // Python's ints don't overflow; a long does, so eleven digits past long's range are refused instead of
        // wrapping round to another number (long.MinValue's magnitude is one more than long.MaxValue).
        var limit = negative ? (ulong)long.MaxValue + 1 : long.MaxValue;
        ulong magnitude = 0;
        foreach (var c in digits)
        {
            var d = Alphabet.IndexOf(c);
            if (d < 0 || magnitude > (limit - (ulong)d) / 62)
            {
                return false;
            }
            magnitude = magnitude * 62 + (ulong)d;
        }
        value = negative ? unchecked((long)(0 - magnitude)) : (long)magnitude;
        return true;
    }
}
