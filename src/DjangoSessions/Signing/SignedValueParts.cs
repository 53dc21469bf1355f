using System.Text;

namespace DjangoSessions.Signing;

/// <summary>
/// A <c>signing.dumps</c> value taken apart without the key, as <c>TimestampSigner.unsign</c> splits it
/// (<c>value.rsplit(':', 1)</c> twice): payload, base62 timestamp, signature. Reading the parts needs no secret,
/// because Django's signing signs and never encrypts (its docs: "the data is not encrypted"); whether the signature
/// holds is for the signer (<see cref="SessionDataCodec.TryDecode"/>) to say. For showing the format, never for loading.
/// </summary>
public sealed class SignedValueParts
{
    private const char Separator = ':';

    /// <summary>A payload that inflates past this is not shown: a zlib "bomb" in a forged cookie must stay cheap.</summary>
    internal const int MaxShownPayloadBytes = 1 << 20;

    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    private SignedValueParts(string payload, string timestamp, string signature)
    {
        Payload = payload;
        Timestamp = timestamp;
        Signature = signature;
        SignedAt = Base62.TryDecodeUnixTime(timestamp, out var signedAt) ? signedAt : null;
        PayloadJson = DecodePayload(payload);
    }

    /// <summary>The payload as written: base64url of the JSON, or of its zlib compression after a leading '.'.</summary>
    public string Payload { get; }

    /// <summary>Django's <c>dumps(compress=True)</c> marks a zlib-compressed payload with a leading '.'.</summary>
    public bool IsCompressed => Payload.StartsWith('.');

    /// <summary>The timestamp as written: Unix seconds in base62 (<c>b62_encode</c>).</summary>
    public string Timestamp { get; }

    /// <summary>The timestamp decoded: when the value was signed; null when it is not base62 or out of range.</summary>
    public DateTimeOffset? SignedAt { get; }

    /// <summary>base64url of the HMAC-SHA256 of <see cref="SignedText"/>.</summary>
    public string Signature { get; }

    /// <summary>What the signature is an HMAC of: <c>payload:timestamp</c>.</summary>
    public string SignedText => Payload + Separator + Timestamp;

    /// <summary>The payload decoded (and decompressed): the JSON text; null when it is not base64url, zlib or UTF-8.</summary>
    public string? PayloadJson { get; }

    /// <summary>The parts of <paramref name="value"/>, or null when it has not the two ':' every signed value has.</summary>
    public static SignedValueParts? Parse(string value)
    {
        var sigAt = value.LastIndexOf(Separator);
        var tsAt = sigAt > 0 ? value.LastIndexOf(Separator, sigAt - 1) : -1;
        return tsAt < 0 ? null : new SignedValueParts(value[..tsAt], value[(tsAt + 1)..sigAt], value[(sigAt + 1)..]);
    }

    private static string? DecodePayload(string payload)
    {
        try
        {
            return StrictUtf8.GetString(SignedPayload.Decode(payload, MaxShownPayloadBytes));
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or DecoderFallbackException)
        {
            return null;
        }
    }
}
