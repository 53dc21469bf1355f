namespace BlazorSessionDemo.Components.Pages.Playground;

/// <summary>
/// One byte of a stored value changed, in a copy: what an attacker editing a cookie or a row would try. Only ever
/// applied to the value the page already shows for the request's own cookie; the store is never written.
/// </summary>
public static class SessionDataTamper
{
    private const string Base64UrlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /// <summary>The value with one payload byte changed, and the index of the character that differs.</summary>
    public static (string Tampered, int Index) FlipOneByte(SessionDataAnatomy anatomy) =>
        anatomy.Shape == SessionDataShape.Legacy ? FlipLegacyJsonByte(anatomy.Value) : FlipPayloadCharacter(anatomy.Value);

    /// <summary>
    /// The middle character of the payload (after the '.' of a compressed one) becomes another base64url character, so
    /// the value keeps its shape and only the signature check can notice.
    /// </summary>
    private static (string, int) FlipPayloadCharacter(string value)
    {
        var end = value.IndexOf(':');
        var start = value.StartsWith('.') ? 1 : 0;
        if (end < 0)
        {
            end = value.Length;
        }
        if (end <= start)
        {
            return (value + "A", value.Length);
        }
        var index = start + (end - start) / 2;
        var chars = value.ToCharArray();
        var at = Base64UrlAlphabet.IndexOf(chars[index]);
        chars[index] = Base64UrlAlphabet[(at + 1) % Base64UrlAlphabet.Length];
        return (new string(chars), index);
    }

    /// <summary>The middle byte of the JSON after the hash gets its lowest bit flipped; the base64 is re-encoded.</summary>
    private static (string, int) FlipLegacyJsonByte(string value)
    {
        var raw = Convert.FromBase64String(value);
        var colon = Array.IndexOf(raw, (byte)':');
        if (colon + 1 == raw.Length)
        {
            raw = [.. raw, (byte)'{'];
        }
        var index = colon + 1 + (raw.Length - colon - 1) / 2;
        raw[index] ^= 1;
        var tampered = Convert.ToBase64String(raw);
        return (tampered, FirstDifference(value, tampered));
    }

    private static int FirstDifference(string a, string b)
    {
        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i])
        {
            i++;
        }
        return i;
    }
}
