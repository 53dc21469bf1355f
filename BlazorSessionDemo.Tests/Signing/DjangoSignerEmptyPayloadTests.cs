using DjangoSessions.Signing;

namespace BlazorSessionDemo.Tests.Signing;

/// <summary>
/// An empty payload: <c>dumps</c> of no bytes writes ":timestamp:signature" (base64 of nothing is empty, and zlib's
/// output is never shorter), and <c>loads</c> reads it back as TimestampSigner.unsign does (<c>rsplit(':', 1)</c> gives
/// an empty value before the timestamp's ':'), not as a missing timestamp.
/// </summary>
public sealed class DjangoSignerEmptyPayloadTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Dumps_EmptyPayload_StartsWithTheTimestampSeparator()
    {
        var signed = DjangoSignerReference.Signer(new FakeTimeProvider(Now)).Dumps("");

        Assert.StartsWith(":" + Base62.Encode(Now.ToUnixTimeSeconds()) + ":", signed);
    }

    [Fact]
    public void Loads_SignedEmptyPayload_IsEmptyWithItsTimestamp()
    {
        var signer = DjangoSignerReference.Signer(new FakeTimeProvider(Now));
        var signed = DjangoSignerReference.Sign(":" + Base62.Encode(Now.ToUnixTimeSeconds()));

        Assert.Equal("", signer.Loads(signed, TimeSpan.FromSeconds(1), out var signedAt));
        Assert.Equal(Now, signedAt);
    }

    [Fact]
    public void DumpsThenLoads_EmptyPayload_IsEmpty()
    {
        var signer = DjangoSignerReference.Signer(new FakeTimeProvider(Now));

        Assert.Equal("", signer.Loads(signer.Dumps("")));
    }
}
