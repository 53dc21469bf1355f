using System.Buffers.Text;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace BlazorSessionDemo.Tests.Signing;

/// <summary>
/// <c>dumps(compress=True)</c> uses zlib's output only when it is shorter by more than the '.' it costs; Django:
/// <c>if len(compressed) &lt; (len(data) - 1)</c>. So zlib one byte shorter than the JSON is not used, two bytes is.
/// </summary>
public sealed class DjangoSignerCompressionThresholdTests
{
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Dumps_ZlibOneByteShorter_WritesTheJsonUncompressed()
    {
        var json = JsonWhoseZlibIsShorterBy(1);

        var signed = DjangoSignerReference.Signer(Time).Dumps(json);

        Assert.False(signed.StartsWith('.'), signed);
        Assert.Equal(Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json)), signed[..signed.IndexOf(':')]);
        Assert.Equal(json, DjangoSignerReference.Signer(Time).Loads(signed));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Dumps_ZlibShorterByMoreThanOneByte_WritesZlibAfterADot(int saved)
    {
        var json = JsonWhoseZlibIsShorterBy(saved);

        var signed = DjangoSignerReference.Signer(Time).Dumps(json);

        Assert.True(signed.StartsWith('.'), signed);
        // The compressor here is the signer's: its output is exactly what was signed.
        Assert.Equal(Base64Url.EncodeToString(Zlib(Encoding.UTF8.GetBytes(json))), signed[1..signed.IndexOf(':')]);
        Assert.Equal(json, DjangoSignerReference.Signer(Time).Loads(signed));
    }

    [Fact]
    public void Dumps_ZlibNotShorter_WritesTheJsonUncompressed()
    {
        var json = JsonWhoseZlibIsShorterBy(0);

        Assert.False(DjangoSignerReference.Signer(Time).Dumps(json).StartsWith('.'));
    }

    /// <summary>
    /// A JSON string (an incompressible base64 prefix, then a run of one letter) whose zlib form, compressed as the
    /// signer compresses (<see cref="CompressionLevel.Optimal"/>), is exactly <paramref name="saved"/> bytes shorter.
    /// </summary>
    private static string JsonWhoseZlibIsShorterBy(int saved)
    {
        for (var prefixBlocks = 1; prefixBlocks <= 8; prefixBlocks++)
        {
            var prefix = string.Concat(Enumerable.Range(0, prefixBlocks)
                .Select(i => Convert.ToBase64String(SHA256.HashData(BitConverter.GetBytes(i)))));
            for (var run = 0; run <= 400; run++)
            {
                var json = "\"" + prefix + new string('a', run) + "\"";
                var bytes = Encoding.UTF8.GetBytes(json);
                if (bytes.Length - Zlib(bytes).Length == saved)
                {
                    return json;
                }
            }
        }
        throw new InvalidOperationException($"No JSON found whose zlib form is {saved} bytes shorter.");
    }

    private static byte[] Zlib(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal))
        {
            zlib.Write(data);
        }
        return output.ToArray();
    }
}
