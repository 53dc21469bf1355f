using System.Text.Json.Nodes;
using DjangoSessions.Signing;
using Microsoft.Extensions.Logging;

namespace BlazorSessionDemo.Tests.Signing;

/// <summary>
/// SessionBase.encode / decode at their edges: JSON from <see cref="SessionDataCodec.CompressFrom"/> bytes on is offered
/// to zlib (Django's <c>compress=True</c>), shorter JSON is not; correctly signed data that is not a JSON object, or not
/// JSON, is an empty session and a "Session data corrupted" security warning (Django's SuspiciousSession), never an
/// exception, with or without the legacy reader.
/// </summary>
public sealed class SessionDataCodecEdgeTests : IDisposable
{
    private const string Secret = "session-data-codec-edge-tests-secret-0123456789";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 4, 12, 0, 0, TimeSpan.Zero));
    private readonly CapturingLoggerProvider _logs = new();
    private readonly LoggerFactory _loggers;

    public SessionDataCodecEdgeTests() => _loggers = new LoggerFactory([_logs]);

    public void Dispose() => _loggers.Dispose();

    private DjangoSigner Signer => new(Secret, [], SessionDataCodec.Salt, _time);

    private SessionDataCodec Codec(bool readLegacy) =>
        new(Signer, _loggers, readLegacy ? new LegacySessionHash(Secret, []) : null);

    private IReadOnlyList<CapturedLog> SecurityWarnings =>
        [.. _logs.Entries.Where(e => e.Category == SessionDataCodec.SecurityLogCategory && e.Level == LogLevel.Warning)];

    /// <summary>{"k":"aaa..."}: 8 bytes of JSON around the value, so the whole JSON is <paramref name="length"/> bytes.</summary>
    private static JsonObject DictOfJsonLength(int length) => new() { ["k"] = new string('a', length - 8) };

    [Fact]
    public void Encode_JsonOfExactlyTheThreshold_IsCompressed_AndOneByteLessIsNot()
    {
        var codec = Codec(readLegacy: false);

        var atThreshold = codec.Encode(DictOfJsonLength(SessionDataCodec.CompressFrom), out JsonObject decoded);
        var below = codec.Encode(DictOfJsonLength(SessionDataCodec.CompressFrom - 1), out JsonObject shorterDecoded);

        Assert.Equal(SessionDataCodec.CompressFrom, System.Text.Encoding.UTF8.GetByteCount(PythonJson.Serialize(decoded)));
        Assert.StartsWith(".", atThreshold);
        Assert.Equal(SessionDataCodec.CompressFrom - 1, System.Text.Encoding.UTF8.GetByteCount(PythonJson.Serialize(shorterDecoded)));
        Assert.False(below.StartsWith('.'), below);
        Assert.Equal(DictOfJsonLength(SessionDataCodec.CompressFrom)["k"]!.GetValue<string>(), codec.Decode(atThreshold)["k"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("[1,2,3]")]
    [InlineData("\"just a string\"")]
    [InlineData("42")]
    public void Decode_SignedJsonThatIsNotAnObject_IsEmpty_AndLogsWhy(string json)
    {
        var signed = Signer.Dumps(json);

        Assert.False(Codec(readLegacy: true).TryDecode(signed, out _));
        var warning = Assert.Single(SecurityWarnings);
        Assert.Equal(1001, warning.EventId.Id);
        Assert.Equal("Session data corrupted: payload is not a JSON object", warning.Message);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("{\"user_id\":3")]
    public void Decode_SignedPayloadThatIsNotJson_IsEmpty_AndLogsASecurityWarning(string payload)
    {
        var signed = Signer.Dumps(payload);

        Assert.Empty(Codec(readLegacy: true).Decode(signed));
        var warning = Assert.Single(SecurityWarnings);
        Assert.Equal(1001, warning.EventId.Id);
        Assert.StartsWith("Session data corrupted: ", warning.Message);
        Assert.True(warning.Message.Length > "Session data corrupted: ".Length, warning.Message);
    }

    [Theory]
    [InlineData("bm8gY29sb24gaGVyZQ==")]
    [InlineData("junk-without-any-colon")]
    public void Decode_ColonlessJunk_WithoutTheLegacyReader_IsEmpty_AndLogsASecurityWarning(string junk)
    {
        Assert.Empty(Codec(readLegacy: false).Decode(junk));
        Assert.Contains("Session data corrupted", Assert.Single(SecurityWarnings).Message);
    }

    [Fact]
    public void Decode_TamperedCurrentFormatData_IsNotHandedToTheLegacyReader()
    {
        // Data with ':' is current-format: its failure is the signature's, not "not legacy base64".
        var signed = Signer.Dumps("""{"user_id":3}""");
        var tampered = signed[..^1] + (signed[^1] == 'A' ? 'B' : 'A');

        Assert.Empty(Codec(readLegacy: true).Decode(tampered));
        Assert.Equal("Session data corrupted: Signature does not match.", Assert.Single(SecurityWarnings).Message);
    }
}
