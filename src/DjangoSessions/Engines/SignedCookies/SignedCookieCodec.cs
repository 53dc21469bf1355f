using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DjangoSessions.Signing;
using Microsoft.Extensions.Logging;

namespace DjangoSessions.Engines.SignedCookies;

/// <summary>A cookie that verified: the session it belongs to, its data (without the id entry), and when it was signed.</summary>
public sealed record SignedCookieContent(string SessionId, JsonObject Data, DateTimeOffset SignedAt);

/// <summary>
/// The cookie value of Django's <c>signed_cookies</c> backend: <c>signing.dumps(session_dict, compress=True,
/// salt='django.contrib.sessions.backends.signed_cookies')</c> over Django's JSON. One entry is added to the dict, the
/// session id (<see cref="SessionIdKey"/>), so that every cookie a session is re-signed into can be revoked at once.
/// Bad signatures and corrupt payloads are logged on the security logger, as Django's SuspiciousSession; cookies that
/// merely aged out are not (Django's signed_cookies logs neither).
/// </summary>
public sealed class SignedCookieCodec
{
    internal const string Salt = "django.contrib.sessions.backends.signed_cookies";

    /// <summary>The hidden entry holding the session id; never shown by the dict API.</summary>
    internal const string SessionIdKey = "_sid";

    /// <summary>Browsers keep at most 4096 bytes per cookie, so a longer value can't be one this app set.</summary>
    internal const int MaxLength = 4096;

    private static readonly SearchValues<char> Base62Chars =
        SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private static readonly SearchValues<char> Base64UrlChars =
        SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_");

    private readonly DjangoSigner _signer;
    private readonly TimeProvider _time;
    private readonly ILogger _securityLog;
    private readonly VerifiedCookies _verified = new();

    /// <summary>The cookies kept verified (for tests).</summary>
    internal VerifiedCookies Verified => _verified;

    internal SignedCookieCodec(string secret, IEnumerable<string> fallbacks, TimeProvider time, ILoggerFactory loggers)
    {
        _signer = new DjangoSigner(secret, fallbacks, Salt, time);
        _time = time;
        _securityLog = loggers.CreateLogger(SessionDataCodec.SecurityLogCategory);
    }

    /// <summary>
    /// <c>payload:timestamp:signature</c> in signing's alphabets: base64url payload (a leading '.' when zlib-compressed),
    /// base62 time, base64url signature. Anything else (a db-engine key left from before a switch, junk) is no session.
    /// </summary>
    public static bool IsWellFormed(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength)
        {
            return false;
        }
        // Read in place (asked of every request's cookie): payload ':' time ':' signature, and no third ':'.
        var text = value.AsSpan();
        var firstColon = text.IndexOf(':');
        var rest = text[(firstColon + 1)..];
        var secondColon = rest.IndexOf(':');
        if (firstColon < 0 || secondColon < 0)
        {
            return false;
        }
        var payload = text[..firstColon];
        var time = rest[..secondColon];
        var signature = rest[(secondColon + 1)..];
        return IsBase64Url(payload.StartsWith('.') ? payload[1..] : payload)
            && time.Length > 0 && !time.ContainsAnyExcept(Base62Chars)
            && IsBase64Url(signature);
    }

    /// <summary>The cookie value for <paramref name="data"/> of session <paramref name="sessionId"/>, signed now.</summary>
    public string Encode(string sessionId, JsonObject data)
    {
        if (data.ContainsKey(SessionIdKey))
        {
            throw new ArgumentException($"'{SessionIdKey}' is reserved by the signed_cookies session engine.", nameof(data));
        }
        // json.dumps of the dict with the id appended as its last entry; the caller's object is left untouched.
        var json = PythonJson.Serialize(data);
        var idEntry = PythonJson.Serialize(new JsonObject { [SessionIdKey] = sessionId });
        return _signer.Dumps(data.Count == 0 ? idEntry : json[..^1] + "," + idEntry[1..]);
    }

    /// <summary>
    /// signing.loads(max_age=CookieAge) as Django's <c>load()</c>, and stricter: a session past its own expiry
    /// (<c>set_expiry</c>) is gone too, where Django leaves that to the browser. Null means no session.
    /// </summary>
    public SignedCookieContent? Open(string cookie, int cookieAge) => Copy(OpenShared(cookie, cookieAge));

    /// <summary>The session a correctly signed cookie names, however old: enough to revoke it.</summary>
    public SignedCookieContent? Verify(string cookie) => Copy(VerifyShared(cookie));

    /// <summary><see cref="Open"/> with the kept dict itself (<see cref="VerifiedCookies"/>): never to be changed.</summary>
    internal SignedCookieContent? OpenShared(string cookie, int cookieAge) =>
        Read(cookie, TimeSpan.FromSeconds(cookieAge)) is { } content && ExpiresAt(content, cookieAge) > _time.GetUtcNow() ? content : null;

    /// <summary><see cref="Verify"/> with the kept dict itself: never to be changed.</summary>
    internal SignedCookieContent? VerifyShared(string cookie) => Read(cookie, maxAge: null);

    private static SignedCookieContent? Copy(SignedCookieContent? content) =>
        content is null ? null : content with { Data = content.Data.DeepClone().AsObject() };

    private SignedCookieContent? Read(string cookie, TimeSpan? maxAge)
    {
        if (_verified.TryGet(cookie, out var kept))
        {
            // TimestampSigner.unsign: "age = time.time() - timestamp; if age > max_age: raise SignatureExpired".
            return maxAge is { } limit && _time.GetUtcNow() - kept.SignedAt > limit ? null : kept;
        }
        if (ReadSigned(cookie, maxAge) is not { } content)
        {
            return null;
        }
        _verified.Remember(cookie, content);
        return content;
    }

    // The full check: form, signature (and age), payload, id entry. What fails is logged and never kept.
    private SignedCookieContent? ReadSigned(string cookie, TimeSpan? maxAge)
    {
        if (!IsWellFormed(cookie))
        {
            return null;
        }
        string json;
        DateTimeOffset signedAt;
        try
        {
            json = _signer.Loads(cookie, maxAge, out signedAt);
        }
        catch (SignatureExpiredException)
        {
            return null;
        }
        catch (BadSignatureException ex)
        {
            SessionLog.SessionDataCorrupted(_securityLog, ex.Message);
            return null;
        }
        JsonObject? data;
        try
        {
            data = JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException ex)
        {
            SessionLog.SessionDataCorrupted(_securityLog, ex.Message);
            return null;
        }
        if (data is null)
        {
            SessionLog.SessionDataCorrupted(_securityLog, "payload is not a JSON object");
            return null;
        }
        return new SignedCookieContent(TakeSessionId(data) ?? HashId(cookie), data, signedAt);
    }

    /// <summary>Removes the id entry; null when there is none, as in a cookie real Django wrote.</summary>
    private static string? TakeSessionId(JsonObject data)
    {
        if (!data.TryGetPropertyValue(SessionIdKey, out var node))
        {
            return null;
        }
        data.Remove(SessionIdKey);
        return node is JsonValue value && value.TryGetValue<string>(out var id) && SessionKeys.IsWellFormed(id) ? id : null;
    }

    /// <summary>A cookie without an id (written by Django) is its own session: 128 bits of its hash, in the key alphabet.</summary>
    private static string HashId(string cookie) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(cookie)))[..SessionKeys.Length];

    /// <summary>
    /// DjangoSession.GetExpiryDate(modification: signedAt): a date in <c>_session_expiry</c> ends the session then,
    /// seconds end it that long after the cookie was signed, none (or 0, browser close) after CookieAge.
    /// </summary>
    internal static DateTimeOffset ExpiresAt(SignedCookieContent content, int cookieAge)
    {
        var expiry = content.Data[DjangoSession.ExpiryKey] as JsonValue;
        switch (expiry?.GetValueKind())
        {
            case JsonValueKind.String when DateTimeOffset.TryParse(expiry.GetValue<string>(), CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var date):
                return date;
            case JsonValueKind.Number when (int)JsonSerializer.Deserialize<double>(expiry.ToJsonString()) is var seconds and not 0:
                return content.SignedAt.AddSeconds(seconds);
            default:
                return content.SignedAt.AddSeconds(cookieAge);
        }
    }

    private static bool IsBase64Url(ReadOnlySpan<char> text) => text.Length > 0 && !text.ContainsAnyExcept(Base64UrlChars);
}
