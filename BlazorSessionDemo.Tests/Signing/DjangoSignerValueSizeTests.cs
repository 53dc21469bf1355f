using System.Text;
using DjangoSessions.Signing;

namespace BlazorSessionDemo.Tests.Signing;

/// <summary>
/// <c>loads</c> checks the signature of a value of any length: short values are hashed from a stack buffer, values over
/// 1024 bytes (big sessions) from a pooled array, and both sides of that line read back what <c>dumps</c> wrote.
/// </summary>
public sealed class DjangoSignerValueSizeTests
{
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    /// <summary>Uncompressed JSON lengths whose signed values ("base64url:timestamp") run from 1013 to 1033 bytes.</summary>
    private static readonly int[] AroundTheStackBuffer = [.. Enumerable.Range(754, 16)];

    public static TheoryData<int> LengthsAroundTheStackBuffer => [.. AroundTheStackBuffer];

    [Theory]
    [MemberData(nameof(LengthsAroundTheStackBuffer))]
    [InlineData(2_000)]
    [InlineData(100_000)]
    public void DumpsThenLoads_UncompressedValueOfAnyLength_GivesThePayloadBack(int jsonLength)
    {
        var json = Json(jsonLength);
        var signer = DjangoSignerReference.Signer(Time);

        var signed = signer.Dumps(Encoding.UTF8.GetBytes(json), tryCompress: false);

        Assert.Equal(json, signer.Loads(signed));
    }

    [Fact]
    public void LengthsAroundTheStackBuffer_SpanTheStackBuffersSize()
    {
        var signer = DjangoSignerReference.Signer(Time);
        var valueLengths = AroundTheStackBuffer
            .Select(n => signer.Dumps(Encoding.UTF8.GetBytes(Json(n)), tryCompress: false))
            .Select(signed => signed.LastIndexOf(':'))
            .ToList();

        Assert.Contains(valueLengths, length => length < 1024);
        Assert.Contains(valueLengths, length => length > 1024);
    }

    [Fact]
    public void Loads_LongValueWithOneSignatureCharacterChanged_IsRefused()
    {
        var signer = DjangoSignerReference.Signer(Time);
        var signed = signer.Dumps(Encoding.UTF8.GetBytes(Json(5_000)), tryCompress: false);
        var changed = signed[..^1] + (signed[^1] == 'A' ? 'B' : 'A');

        var ex = Assert.Throws<BadSignatureException>(() => signer.Loads(changed));
        Assert.Equal("Signature does not match.", ex.Message);
    }

    /// <summary>A JSON string of exactly <paramref name="length"/> ASCII bytes.</summary>
    private static string Json(int length) =>
        "\"" + string.Concat(Enumerable.Range(0, length - 2).Select(i => (char)('a' + i * 7 % 26))) + "\"";
}
