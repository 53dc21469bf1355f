using System.Text;
using System.Text.Json;
using DjangoSessions;
using DjangoSessions.Engines.SignedCookies;
using DjangoSessions.Signing;

namespace BlazorSessionDemo.Components.Pages.Playground;

/// <summary>Which of Django's session data formats a stored value is in.</summary>
public enum SessionDataShape
{
    /// <summary><c>signing.dumps(compress=True)</c>: <c>payload:timestamp:signature</c> (Django 3.1+).</summary>
    Signed,

    /// <summary>Django before 3.1: base64 of <c>sha1-hexdigest:json</c> (read by Django 3.2, removed in 4.0).</summary>
    Legacy,

    /// <summary>Neither: the server treats it as tampered and loads an empty session.</summary>
    Unrecognized,
}

/// <summary>
/// A stored <c>session_data</c> (or a signed_cookies cookie) taken apart as Django reads it, with the verdict of the
/// codec that wrote it: the same <see cref="SessionDataCodec.TryDecode"/> / <see cref="SignedCookieCodec.Verify"/> the
/// engine's load calls, so <see cref="ServerAnswer"/> is what the server would load. Shows no key: only the salt.
/// </summary>
public sealed record SessionDataAnatomy(
    string Value,
    StoredSessionFormat Format,
    SessionDataShape Shape,
    SignedValueParts? Signed,
    string? LegacyHash,
    string? LegacyJson,
    bool SignatureHolds,
    string ServerAnswer)
{
    /// <summary>SessionBase.key_salt for signing ("django.contrib.sessions." + "SessionStore", every engine's class name).</summary>
    public const string SessionDataSalt = "django.contrib.sessions.SessionStore";

    /// <summary>The salt of Django's <c>signed_cookies</c> backend (<c>signing.dumps(..., salt=...)</c>).</summary>
    public const string SignedCookieSalt = "django.contrib.sessions.backends.signed_cookies";

    /// <summary>The pre-3.1 format's <c>salted_hmac</c> key salt.</summary>
    public const string LegacySalt = "django.contrib.sessionsSessionStore";

    private const int LegacyHashLength = 40;
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The salt the signature (or legacy hash) was made under: part of the HMAC key, never the key itself.</summary>
    public string Salt => Shape == SessionDataShape.Legacy ? LegacySalt
        : Format == StoredSessionFormat.SignedCookie ? SignedCookieSalt : SessionDataSalt;

    /// <summary>Takes <paramref name="value"/> apart and asks the codec that wrote it whether it holds.</summary>
    public static SessionDataAnatomy Open(
        string value, StoredSessionFormat format, SessionDataCodec codec, SignedCookieCodec? cookieCodec)
    {
        var (holds, answer) = Check(value, format, codec, cookieCodec);
        if (format == StoredSessionFormat.SessionData && TryLegacy(value, out var hash, out var json))
        {
            return new(value, format, SessionDataShape.Legacy, null, hash, json, holds, answer);
        }
        var signed = SignedValueParts.Parse(value);
        var shape = signed is null ? SessionDataShape.Unrecognized : SessionDataShape.Signed;
        return new(value, format, shape, signed, null, null, holds, answer);
    }

    private static (bool Holds, string Answer) Check(
        string value, StoredSessionFormat format, SessionDataCodec codec, SignedCookieCodec? cookieCodec)
    {
        if (format == StoredSessionFormat.SignedCookie)
        {
            // A cookie that fails verification is no session: the engine starts a new, empty one.
            var content = cookieCodec?.Verify(value);
            return (content is not null, (content?.Data ?? []).ToJsonString(Indented));
        }
        // SessionBase.decode: BadSignature is logged ("Session data corrupted") and answered with {}.
        return codec.TryDecode(value, out var data) ? (true, data.ToJsonString(Indented)) : (false, "{}");
    }

    /// <summary>
    /// <c>_legacy_decode</c>'s reading: standard base64 (never a ':', which every signed value has) of a 40-digit SHA-1
    /// hexdigest, ':' and the JSON. Its hash says nothing until the codec checks it.
    /// </summary>
    private static bool TryLegacy(string value, out string? hash, out string? json)
    {
        hash = json = null;
        if (value.Contains(':'))
        {
            return false;
        }
        var bytes = new byte[value.Length];
        if (!Convert.TryFromBase64String(value, bytes, out var length))
        {
            return false;
        }
        var raw = bytes.AsSpan(0, length);
        if (raw.Length <= LegacyHashLength || raw[LegacyHashLength] != (byte)':')
        {
            return false;
        }
        hash = Encoding.ASCII.GetString(raw[..LegacyHashLength]);
        json = Encoding.UTF8.GetString(raw[(LegacyHashLength + 1)..]);
        return true;
    }
}
