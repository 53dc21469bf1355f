using System.Buffers.Text;
using System.IO.Compression;
using DjangoSessions.Signing;

namespace BlazorSessionDemo.Tests.Signing;

/// <summary>
/// <see cref="SignedPayload.Decode"/>'s inflate limit (against a zlib "bomb"): a compressed payload that inflates to
/// exactly the limit is read whole, one byte more is refused with <see cref="InvalidDataException"/>, across several
/// of the 4096-byte reads.
/// </summary>
public sealed class SignedPayloadLimitTests
{
    private const int Inflated = 10_000;

    private static readonly string Payload = "." + Base64Url.EncodeToString(Zlib(Inflated));

    [Fact]
    public void Decode_InflatingToExactlyTheLimit_GivesEveryByte()
    {
        var bytes = SignedPayload.Decode(Payload, maxInflatedBytes: Inflated);

        Assert.Equal(Inflated, bytes.Length);
        Assert.All(bytes, b => Assert.Equal((byte)' ', b));
    }

    [Theory]
    [InlineData(Inflated - 1)]
    [InlineData(4096)]
    [InlineData(100)]
    [InlineData(0)]
    public void Decode_InflatingPastTheLimit_IsInvalidData(int limit)
    {
        var ex = Assert.Throws<InvalidDataException>(() => SignedPayload.Decode(Payload, maxInflatedBytes: limit));

        Assert.Equal($"The payload inflates past {limit} bytes.", ex.Message);
    }

    [Fact]
    public void Decode_WithoutALimit_InflatesWhole() => Assert.Equal(Inflated, SignedPayload.Decode(Payload).Length);

    [Fact]
    public void Decode_UncompressedPayload_IsNotLimited() =>
        Assert.Equal(3, SignedPayload.Decode(Base64Url.EncodeToString("abc"u8), maxInflatedBytes: 0).Length);

    private static byte[] Zlib(int spaces)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize))
        {
            zlib.Write(Enumerable.Repeat((byte)' ', spaces).ToArray());
        }
        return output.ToArray();
    }
}
