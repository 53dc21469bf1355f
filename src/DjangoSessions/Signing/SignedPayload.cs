using System.Buffers.Text;
using System.IO.Compression;

namespace DjangoSessions.Signing;

/// <summary>
/// The payload part of a <c>signing.dumps</c> value to bytes: base64url, zlib-inflated when it starts with '.'
/// (<c>dumps(compress=True)</c>). One reading for the signer's <c>loads</c> and for <see cref="SignedValueParts"/>.
/// </summary>
internal static class SignedPayload
{
    /// <summary>The payload's bytes; <see cref="FormatException"/> or <see cref="InvalidDataException"/> when it is not
    /// base64url or zlib, or inflates past <paramref name="maxInflatedBytes"/>.</summary>
    public static byte[] Decode(ReadOnlySpan<char> payload, int maxInflatedBytes = int.MaxValue)
    {
        var compressed = payload.StartsWith('.');
        var bytes = Base64Url.DecodeFromChars(compressed ? payload[1..] : payload);
        return compressed ? Inflate(bytes, maxInflatedBytes) : bytes;
    }

    private static byte[] Inflate(byte[] data, int maxBytes)
    {
        using var input = new ZLibStream(new MemoryStream(data), CompressionMode.Decompress);
        // Room for what zlib typically achieves on JSON, so most payloads need no second buffer.
        using var output = new MemoryStream(Math.Min(maxBytes, Math.Max(256, data.Length * 4)));
        Span<byte> buffer = stackalloc byte[4096];
        int read;
        while ((read = input.Read(buffer)) > 0)
        {
            if (output.Length + read > maxBytes)
            {
                throw new InvalidDataException($"The payload inflates past {maxBytes} bytes.");
            }
            output.Write(buffer[..read]);
        }
        return output.ToArray();
    }
}
