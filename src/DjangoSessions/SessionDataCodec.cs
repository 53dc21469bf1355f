using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DjangoSessions.Signing;
using Microsoft.Extensions.Logging;

namespace DjangoSessions;

/// <summary>
/// SessionBase.encode / decode: the session dict as Django's <c>signing.dumps(..., compress=True)</c> with salt
/// <c>django.contrib.sessions.SessionStore</c> (every Django engine class is named SessionStore, so they share it).
/// Decoding never throws: tampered or foreign data is an empty session plus a warning, as Django logs to
/// <c>django.security.SuspiciousSession</c>.
/// </summary>
public sealed class SessionDataCodec
{
    internal const string Salt = "django.contrib.sessions.SessionStore";
    internal const string SecurityLogCategory = "Security";

    /// <summary>
    /// JSON shorter than this is stored uncompressed. Django tries zlib on every payload and keeps the result when it is
    /// shorter, but below a few hundred bytes that saves tens of bytes of a row while every read of it pays an inflate
    /// (and every write a deflate); Django's loads reads both forms. Signed cookies still try every payload: their
    /// bytes travel with each request.
    /// </summary>
    internal const int CompressFrom = 256;

    private readonly DjangoSigner _signer;
    private readonly LegacySessionHash? _legacy;
    private readonly ILogger _securityLog;
    private readonly VerifiedSessionData _verified = new();

    /// <summary>The data this codec has verified or signed, kept parsed (for tests of what is kept).</summary>
    internal VerifiedSessionData Verified => _verified;

    /// <param name="signer">Signs and verifies under <c>SECRET_KEY</c> and its fallbacks with the sessions' salt.</param>
    /// <param name="loggers">For the security log line on tampered data.</param>
    /// <param name="legacy">When given, data in Django's pre-3.1 format is read too, as Django 3.2 does.</param>
    internal SessionDataCodec(DjangoSigner signer, ILoggerFactory loggers, LegacySessionHash? legacy = null)
    {
        _signer = signer;
        _legacy = legacy;
        _securityLog = loggers.CreateLogger(SecurityLogCategory);
    }

    /// <summary>Always the current (signing) format, whatever format the data was read in.</summary>
    public string Encode(JsonObject data) => Encode(data, out JsonObject _);

    /// <summary>
    /// <see cref="Encode(JsonObject)"/>, also giving the dict the result decodes to, parsed from the JSON it signed (so
    /// a number written as an int reads back as a long, as after decoding). Shared and read-only: copy before changing.
    /// The result is remembered as verified, so the next read of what this process just wrote skips the decode.
    /// </summary>
    /// <param name="data">The session dict to sign.</param>
    /// <param name="decoded">What the result decodes to (shared and read-only).</param>
    /// <param name="compressFrom">
    /// The JSON length from which zlib is tried: <see cref="CompressFrom"/>, or more where the bytes zlib saves can't pay
    /// (an in-process cache's entries never leave memory; a session file takes a whole disk block).
    /// </param>
    internal string Encode(JsonObject data, out JsonObject decoded, int compressFrom = CompressFrom)
    {
        // Django's JSON is ASCII (ensure_ascii), so its bytes are written straight into a pooled buffer.
        using var json = PythonJson.SerializeAscii(data);
        var encoded = _signer.Dumps(json.Written, tryCompress: json.Written.Length >= compressFrom);
        decoded = JsonNode.Parse(json.Written)!.AsObject();
        _verified.Remember(encoded, decoded);
        return encoded;
    }

    /// <summary>Django's <c>decode()</c>: the session dict, or an empty one (and a security log line) when the data is tampered with, signed with an unknown key or not JSON.</summary>
    public JsonObject Decode(string sessionData) => TryDecode(sessionData, out var data) ? data : [];

    /// <summary>
    /// <see cref="Decode"/>, telling a verified dict from the empty one it answers for bad data: false (and the same
    /// security log line, Django's "Session data corrupted") when the signature or legacy hash fails or the payload is
    /// not a JSON object. For showing why a session came back empty; loading a session uses <see cref="Decode"/>.
    /// </summary>
    public bool TryDecode(string sessionData, [NotNullWhen(true)] out JsonObject? data)
    {
        if (_verified.TryGet(sessionData, out var known))
        {
            data = known;
            return true;
        }
        if (TryVerify(sessionData, out data))
        {
            _verified.Remember(sessionData, data.DeepClone().AsObject());
            return true;
        }
        return false;
    }

    /// <summary>
    /// <see cref="Decode"/> for the session's own load (<see cref="Lifecycle.ISessionSharedLoad"/>): the dict the memo
    /// keeps, not a copy, so the caller must never change it. Bad data is a new empty dict, as in <see cref="Decode"/>.
    /// </summary>
    internal JsonObject DecodeShared(string sessionData)
    {
        if (_verified.TryGetShared(sessionData, out var known))
        {
            return known;
        }
        if (!TryVerify(sessionData, out var data))
        {
            return [];
        }
        // Kept as parsed (settled first), and handed out as kept: the same dict the next read of this string gets.
        _verified.Remember(sessionData, data);
        return data;
    }

    /// <summary>
    /// <see cref="DecodeShared(string)"/> of data a store answered in UTF-8, and the string it is (the version a
    /// compare-and-swap needs): the memo's own string when it knows these bytes, so reading unchanged data makes no
    /// string at all.
    /// </summary>
    internal JsonObject DecodeShared(ReadOnlySpan<byte> utf8, out string sessionData)
    {
        if (!_verified.TryFindText(utf8, out sessionData!))
        {
            sessionData = Encoding.UTF8.GetString(utf8);
        }
        return DecodeShared(sessionData);
    }

    // The check itself: signature (or legacy hash) and a JSON object, else Django's "Session data corrupted" warning.
    private bool TryVerify(string sessionData, [NotNullWhen(true)] out JsonObject? data)
    {
        data = null;
        try
        {
            data = Unsign(sessionData) as JsonObject;
            if (data is null)
            {
                SessionLog.SessionDataCorrupted(_securityLog, "payload is not a JSON object");
            }
        }
        catch (BadSignatureException ex)
        {
            SessionLog.SessionDataCorrupted(_securityLog, ex.Message);
        }
        catch (JsonException ex)
        {
            SessionLog.SessionDataCorrupted(_securityLog, ex.Message);
        }
        return data is not null;
    }

    /// <summary>
    /// Django 3.2's decode: <c>signing.loads</c>, and on BadSignature <c>_legacy_decode</c>, parsed. Either failing is a
    /// BadSignatureException, which <see cref="Decode"/> turns into an empty session and a security warning. The signed
    /// payload is parsed from its UTF-8 bytes, with no string in between.
    /// </summary>
    private JsonNode? Unsign(string sessionData)
    {
        try
        {
            return JsonNode.Parse(_signer.LoadsUtf8(sessionData, maxAge: null, out _));
        }
        catch (BadSignatureException) when (_legacy is not null && !sessionData.Contains(':'))
        {
            // Legacy data is standard base64, which has no ':'; current-format data always has two.
            return JsonNode.Parse(_legacy.Decode(sessionData));
        }
    }
}
