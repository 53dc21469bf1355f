namespace DjangoSessions.Signing;

/// <summary>django.core.signing.b62_encode / b62_decode: the timestamp part of a signed value.</summary>
internal static class Base62
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string Encode(long value)
    {
        if (value == 0)
        {
            return "0";
        }
        var negative = value < 0;
        var n = negative ? -(decimal)value : value;
        var chars = new Stack<char>();
        while (n > 0)
        {
            chars.Push(Alphabet[(int)(n % 62)]);
            n = decimal.Floor(n / 62);
        }
        return (negative ? "-" : "") + new string([.. chars]);
    }

    /// <summary>A timestamp part as the moment it names; false when it is not base62 or outside DateTimeOffset's range.</summary>
    public static bool TryDecodeUnixTime(string text, out DateTimeOffset moment)
    {
        var valid = TryDecode(text, out var seconds)
            && seconds >= DateTimeOffset.MinValue.ToUnixTimeSeconds() && seconds <= DateTimeOffset.MaxValue.ToUnixTimeSeconds();
        moment = valid ? DateTimeOffset.FromUnixTimeSeconds(seconds) : default;
        return valid;
    }

    public static bool TryDecode(string text, out long value)
    {
        value = 0;
        if (text.Length == 0 || text.Length > 12)
        {
            return false;
        }
        var negative = text[0] == '-';
        var digits = negative ? text.AsSpan(1) : text.AsSpan();
        if (digits.IsEmpty)
        {
            return false;
        }
        foreach (var c in digits)
        {
            var d = Alphabet.IndexOf(c);
            if (d < 0)
            {
                return false;
            }
            value = value * 62 + d;
        }
        if (negative)
        {
            value = -value;
        }
        return true;
    }
}
