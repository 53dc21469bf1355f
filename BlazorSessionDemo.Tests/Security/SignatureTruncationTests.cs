using System.Text;
using DjangoSessions.Signing;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorSessionDemo.Tests.Security;

/// <summary>
/// Issue 18, item 1: a signature compared as a prefix ("the expected signature starts with the given one") must not
/// pass. For Django signing (<see cref="DjangoSigner"/>, plain and timestamped with max_age, and the session data
/// codec over it): a valid signature cut to every shorter length, every one-character signature on a forged payload,
/// every single-character change and a valid signature with a character appended are all refused.
/// </summary>
public sealed class SignatureTruncationTests
{
    /// <summary>Every character a base64url signature can hold.</summary>
    public const string Base64UrlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private const string Secret = "signature-truncation-tests-secret-0123456789-abcdef";
    private const string AttackerSecret = "an-attackers-own-secret-key-0123456789-zyxwvu";
    private const string Forged = """{"user_id":3,"_auth_user_id":"3"}""";

    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    private static DjangoSigner Signer(string secret = Secret) => new(secret, [], SessionDataCodec.Salt, Time);

    public static TheoryData<bool> PlainAndTimestamped => [false, true];

    [Theory]
    [MemberData(nameof(PlainAndTimestamped))]
    public void Signer_ValidSignatureTruncatedToEveryShorterLength_IsRefused(bool withMaxAge)
    {
        var (value, signature) = Split(Signer().Dumps("""{"h1":"hello"}"""));
        Assert.Equal(43, signature.Length);
        Assert.Equal("""{"h1":"hello"}""", Loads(value + ":" + signature, withMaxAge));

        for (var length = 0; length < signature.Length; length++)
        {
            AssertRefused(value + ":" + signature[..length], withMaxAge, $"signature cut to {length} characters");
        }
    }

    [Theory]
    [MemberData(nameof(PlainAndTimestamped))]
    public void Signer_ForgedPayloadWithEveryOneCharacterSignature_IsRefused(bool withMaxAge)
    {
        var (forgedValue, _) = Split(Signer(AttackerSecret).Dumps(Forged));

        foreach (var c in Base64UrlAlphabet)
        {
            AssertRefused(forgedValue + ":" + c, withMaxAge, $"one-character signature '{c}'");
        }
    }

    [Theory]
    [MemberData(nameof(PlainAndTimestamped))]
    public void Signer_EverySingleCharacterChangeOfTheSignature_IsRefused(bool withMaxAge)
    {
        var (value, signature) = Split(Signer().Dumps("""{"h1":"hello"}"""));

        foreach (var changed in SingleCharacterChanges(signature))
        {
            AssertRefused(value + ":" + changed, withMaxAge, $"signature changed to {changed}");
        }
    }

    [Theory]
    [MemberData(nameof(PlainAndTimestamped))]
    public void Signer_ValidSignatureWithACharacterAppended_IsRefused(bool withMaxAge)
    {
        var signed = Signer().Dumps("""{"h1":"hello"}""");

        foreach (var c in Base64UrlAlphabet)
        {
            AssertRefused(signed + c, withMaxAge, $"'{c}' appended");
        }
    }

    [Fact]
    public void Codec_TruncatedForgedOrChangedSignatures_AreEmptySessions()
    {
        var codec = new SessionDataCodec(Signer(), NullLoggerFactory.Instance);
        var (value, signature) = Split(codec.Encode(new() { ["user_id"] = 3 }));
        var (forgedValue, _) = Split(new SessionDataCodec(Signer(AttackerSecret), NullLoggerFactory.Instance).Encode(new() { ["user_id"] = 3 }));
        Assert.Equal(3, codec.Decode(value + ":" + signature)["user_id"]!.GetValue<int>());

        var attempts = Enumerable.Range(0, signature.Length).Select(n => value + ":" + signature[..n])
            .Concat(Base64UrlAlphabet.Select(c => forgedValue + ":" + c))
            .Concat(SingleCharacterChanges(signature).Select(s => value + ":" + s));
        foreach (var attempt in attempts)
        {
            Assert.True(codec.Decode(attempt).Count == 0, $"{attempt} decoded");
        }
    }

    /// <summary>Each position replaced by each other character of the base64url alphabet.</summary>
    internal static IEnumerable<string> SingleCharacterChanges(string signature) =>
        from position in Enumerable.Range(0, signature.Length)
        from c in Base64UrlAlphabet
        where c != signature[position]
        select new StringBuilder(signature) { [position] = c }.ToString();

    internal static (string Value, string Signature) Split(string signed)
    {
        var at = signed.LastIndexOf(':');
        return (signed[..at], signed[(at + 1)..]);
    }

    private static string Loads(string signed, bool withMaxAge) =>
        withMaxAge ? Signer().Loads(signed, TimeSpan.FromDays(14)) : Signer().Loads(signed);

    private static void AssertRefused(string signed, bool withMaxAge, string what)
    {
        try
        {
            Loads(signed, withMaxAge);
        }
        catch (BadSignatureException)
        {
            return;
        }
        Assert.Fail($"Accepted: {what} ({signed})");
    }
}
