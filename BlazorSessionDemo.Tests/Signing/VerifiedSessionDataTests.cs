using System.Text.Json.Nodes;
using DjangoSessions.Signing;
using Microsoft.Extensions.Logging;

namespace BlazorSessionDemo.Tests.Signing;

/// <summary>
/// The codec keeps what it verified or signed, parsed, so the next read of an unchanged session skips the HMAC, zlib
/// and JSON. What it must never do: trust a string it has not verified, keep a failure (tampered data warns on every
/// read, as Django's decode does), let a change to one read's dict reach the next read, or grow without bound.
/// </summary>
public sealed class VerifiedSessionDataTests : IDisposable
{
    private const string Secret = "verified-session-data-tests-secret-0123456789";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));
    private readonly CapturingLoggerProvider _logs = new();
    private readonly LoggerFactory _loggers;

    public VerifiedSessionDataTests() => _loggers = new LoggerFactory([_logs]);

    public void Dispose() => _loggers.Dispose();

    private SessionDataCodec Codec(string secret = Secret) => new(new DjangoSigner(secret, [], SessionDataCodec.Salt, _time), _loggers);

    private int SecurityWarnings =>
        _logs.Entries.Count(e => e.Category == SessionDataCodec.SecurityLogCategory && e.Level == LogLevel.Warning);

    // Long enough to be compressed: the path with every step (zlib, HMAC, JSON) the memo saves.
    private static JsonObject LoginLike() => new()
    {
        ["_auth_user_id"] = "1", ["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend",
        ["_auth_user_hash"] = new string('a', 64), ["user_id"] = 1, ["username"] = "alice",
        ["nested"] = new JsonObject { ["list"] = new JsonArray(1, 2, new JsonObject { ["deep"] = true }) },
        ["padding"] = new string('p', 200),
    };

    [Fact]
    public void WhatAnotherWriterStored_IsVerified_ThenKept()
    {
        var stored = Codec().Encode(LoginLike());
        var reader = Codec();
        Assert.Equal(0, reader.Verified.Count);

        var first = reader.Decode(stored);

        Assert.True(reader.Verified.TryGet(stored, out var kept));
        Assert.True(JsonNode.DeepEquals(first, kept));
        Assert.Equal(1L, reader.Decode(stored)["user_id"]!.GetValue<long>());
    }

    [Fact]
    public void WhatThisCodecSigned_IsKept_AsDecodingWouldGiveIt()
    {
        var codec = Codec();

        var stored = codec.Encode(LoginLike());

        Assert.True(codec.Verified.TryGet(stored, out var kept));
        // As decoded, not as written: the int came back as JSON, a long.
        Assert.True(JsonNode.DeepEquals(Codec().Decode(stored), kept));
        Assert.Equal(1L, kept["user_id"]!.GetValue<long>());
    }

    [Fact]
    public void TamperedData_IsNeverKept_AndWarnsOnEveryRead()
    {
        var codec = Codec();
        var forged = Codec("an-attacker-secret-that-is-long-enough-0123456789").Encode(LoginLike());

        Assert.Empty(codec.Decode(forged));
        Assert.Empty(codec.Decode(forged));

        Assert.False(codec.Verified.TryGet(forged, out _));
        Assert.Equal(2, SecurityWarnings);
    }

    [Fact]
    public void AStringOneByteAwayFromAKeptOne_IsVerifiedAsEver()
    {
        var codec = Codec();
        var stored = codec.Encode(LoginLike());
        var lastSignatureChar = stored[^1] == 'A' ? 'B' : 'A';

        Assert.Empty(codec.Decode(stored[..^1] + lastSignatureChar));
        Assert.Equal(1, SecurityWarnings);
    }

    [Fact]
    public void AChangeToOneReadsDict_NeverReachesTheNextRead()
    {
        var codec = Codec();
        var stored = codec.Encode(LoginLike());

        var first = codec.Decode(stored);
        first["user_id"] = 666;
        first["nested"]!["list"]!.AsArray().Add("injected");
        first.Remove("_auth_user_hash");

        var second = codec.Decode(stored);
        Assert.Equal(1L, second["user_id"]!.GetValue<long>());
        Assert.Equal(3, second["nested"]!["list"]!.AsArray().Count);
        Assert.True(second.ContainsKey("_auth_user_hash"));
    }

    [Fact]
    public async Task ManyReadersAtOnce_EachGetAWholeCopy()
    {
        var codec = Codec();
        var stored = Codec().Encode(LoginLike());
        var expected = LoginLike().ToJsonString();

        var reads = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() =>
        {
            var data = codec.Decode(stored);
            var json = data.ToJsonString();
            data["user_id"] = 2;
            return json;
        })));

        Assert.All(reads, json => Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(json)), json));
    }

    [Fact]
    public void AKeptDict_SerializesAsDjangoWould_ByteForByte_AsAFreshDecode()
    {
        var codec = Codec();
        var data = LoginLike();
        data["text"] = "é \" \\ \u2028 <script> \t 😀";
        data["list"] = new JsonArray("a\"b", 1.5, true, null, "\u0000");
        var stored = Codec().Encode(data);
        Assert.NotEmpty(codec.Decode(stored));

        var kept = codec.Decode(stored);
        var fresh = Codec().Decode(stored);

        Assert.Equal(PythonJson.Serialize(fresh), PythonJson.Serialize(kept));
        Assert.Equal(fresh["text"]!.GetValue<string>(), kept["text"]!.GetValue<string>());
        Assert.Equal("\u0000", kept["list"]![4]!.GetValue<string>());
    }

    [Fact]
    public void AKeptDictsNumbers_ReadInEveryNumericType_AsAfterADecode()
    {
        var codec = Codec();
        var stored = codec.Encode(new JsonObject { ["int"] = 7, ["big"] = 1L << 40, ["float"] = 1.5, ["flag"] = false });

        var kept = codec.Decode(stored);

        Assert.Equal(7, kept["int"]!.GetValue<int>());
        Assert.Equal(7L, kept["int"]!.GetValue<long>());
        Assert.Equal(7.0, kept["int"]!.GetValue<double>());
        Assert.Equal(1L << 40, kept["big"]!.GetValue<long>());
        Assert.Equal(1.5, kept["float"]!.GetValue<double>());
        Assert.False(kept["flag"]!.GetValue<bool>());
    }

    [Fact]
    public void NeverKeepsMoreThanItsCapacity()
    {
        var kept = new VerifiedSessionData();

        for (var i = 0; i < VerifiedSessionData.Capacity + 500; i++)
        {
            kept.Remember($"value-{i}", new JsonObject { ["i"] = i });
        }

        Assert.InRange(kept.Count, 1, VerifiedSessionData.Capacity);
    }

    [Fact]
    public void TheBytesOfAKeptString_FindThatVeryString_WithoutDecodingAgain()
    {
        var codec = Codec();
        var stored = codec.Encode(LoginLike());

        var data = codec.DecodeShared(System.Text.Encoding.UTF8.GetBytes(stored), out var text);

        Assert.Same(stored, text);
        Assert.Same(data, codec.DecodeShared(stored));
        Assert.Equal(0, SecurityWarnings);
    }

    [Fact]
    public void BytesNeverKept_AreVerifiedAsEver()
    {
        var codec = Codec();
        var stored = Codec().Encode(LoginLike());
        var forged = Codec("an-attacker-secret-that-is-long-enough-0123456789").Encode(LoginLike());

        var data = codec.DecodeShared(System.Text.Encoding.UTF8.GetBytes(stored), out var text);
        Assert.Equal(stored, text);
        Assert.Equal(1L, data["user_id"]!.GetValue<long>());

        Assert.Empty(codec.DecodeShared(System.Text.Encoding.UTF8.GetBytes(forged), out var forgedText));
        Assert.Equal(forged, forgedText);
        Assert.Equal(1, SecurityWarnings);
    }

    [Fact]
    public void BytesThatAreNotAscii_AreNeverFound_AndDecodeToTheirOwnString()
    {
        var kept = new VerifiedSessionData();
        kept.Remember("abc", new JsonObject());

        Assert.True(kept.TryFindText("abc"u8, out _));
        Assert.False(kept.TryFindText("abé"u8, out _));
        Assert.False(kept.TryFindText("abcd"u8, out _));
        Assert.False(kept.TryFindText("ab"u8, out _));

        var codec = Codec();
        Assert.Empty(codec.DecodeShared("café:1:sig"u8, out var text));
        Assert.Equal("café:1:sig", text);
    }

    [Fact]
    public void ALongKeptString_IsFoundToo()
    {
        var kept = new VerifiedSessionData();
        var text = new string('x', 5000) + ":1:sig";
        kept.Remember(text, new JsonObject());

        Assert.True(kept.TryFindText(System.Text.Encoding.ASCII.GetBytes(text), out var found));
        Assert.Same(text, found);
        Assert.False(kept.TryFindText(System.Text.Encoding.ASCII.GetBytes(text + "x"), out _));
    }

    [Fact]
    public async Task StringsTheMemoDrops_LeaveItsIndexToo()
    {
        var kept = new VerifiedSessionData();

        for (var i = 0; i < 3 * VerifiedSessionData.Capacity; i++)
        {
            kept.Remember($"value-{i}", new JsonObject { ["i"] = i });
        }

        // The cache's eviction callbacks run on the thread pool: the index follows it shortly after.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (kept.IndexedCount > VerifiedSessionData.Capacity && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.InRange(kept.IndexedCount, 1, VerifiedSessionData.Capacity);
    }
}
