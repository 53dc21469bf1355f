using System.Text.Json.Nodes;
using DjangoSessions.Engines;

namespace BlazorSessionDemo.Tests.Engines.FileEngine;

/// <summary>
/// A session file is compressed only where zlib can save a disk block: data that fits one 4 KB block uncompressed is
/// written plain, larger data as Django's zlib form. Both are Django's signed format and read back whole, on every
/// write path (create, and the compare-and-swap save of an update).
/// </summary>
public sealed class FileSessionCompressionTests : IDisposable
{
    private readonly FileEngineSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Theory]
    [InlineData(40, false)] // about 850 bytes of JSON: one block either way
    [InlineData(130, false)] // about 2,750 bytes: still one block uncompressed
    [InlineData(400, true)] // about 8,400 bytes: three blocks plain, one compressed
    public async Task OnlyDataBeyondOneBlock_IsCompressed(int items, bool compressed)
    {
        var engine = _sandbox.CreateEngine();
        var session = await _sandbox.SaveNewSessionAsync(engine, ("cart", Cart(items)));
        var created = await File.ReadAllTextAsync(_sandbox.SessionFile(session.SessionKey!));

        // An update goes through compare-and-swap, which encodes on its own path.
        session["cart"] = Cart(items + 1);
        await session.SaveAsync();
        var updated = await File.ReadAllTextAsync(_sandbox.SessionFile(session.SessionKey!));

        Assert.Equal(compressed, created.StartsWith('.'));
        Assert.Equal(compressed, updated.StartsWith('.'));
        Assert.True(compressed || updated.Length <= 4096, $"{updated.Length} characters");
        // A codec that never saw it verifies it and reads the whole cart back (as Django's loads would, either form).
        Assert.Equal(Cart(items + 1).ToJsonString(), _sandbox.Codec.Decode(updated)["cart"]!.ToJsonString());
    }

    [Fact]
    public void TheThreshold_KeepsEveryPlainValueWithinOneBlock()
    {
        // base64 of the longest JSON written plain, plus ':' + the base62 timestamp + ':' + the 43-character signature.
        var longest = FileSessionFiles.CompressFrom - 1;
        Assert.True((longest + 2) / 3 * 4 + 1 + 6 + 1 + 43 <= 4096);
    }

    private static JsonArray Cart(int items) =>
        [.. Enumerable.Range(0, items).Select(i => (JsonNode?)new JsonObject { ["sku"] = $"A{i % 5}", ["qty"] = 1 })];
}
