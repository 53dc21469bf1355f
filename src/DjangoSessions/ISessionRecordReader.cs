namespace DjangoSessions;

/// <summary>How <see cref="StoredSessionRecord.SessionData"/> is encoded, so a viewer knows which codec opens it.</summary>
public enum StoredSessionFormat
{
    /// <summary><see cref="SessionDataCodec"/>: Django's <c>SessionBase.encode</c> (salt <c>django.contrib.sessions.SessionStore</c>).</summary>
    SessionData,

    /// <summary>The signed_cookies engine's cookie value (salt <c>django.contrib.sessions.backends.signed_cookies</c>).</summary>
    SignedCookie,
}

/// <summary>
/// What a store holds for one session, as it holds it: for showing the machinery (the session playground), never for
/// loading a session (that is <see cref="ISessionEngine.LoadAsync"/>, which also applies expiry and revocation).
/// </summary>
/// <param name="Location">Where it is, e.g. "django_session row", "file /tmp/sessionid…", "redis key session:…".</param>
/// <param name="RawText">The stored text exactly as the store holds it (a cache entry's whole JSON, a file's bytes).</param>
/// <param name="SessionData">The encoded session inside <paramref name="RawText"/> (Django's <c>session_data</c>).</param>
/// <param name="ExpireDate">When the store considers the session expired, when it knows; may be in the past.</param>
/// <param name="Format">Which codec wrote <paramref name="SessionData"/>: what a reader opens it with.</param>
public sealed record StoredSessionRecord(
    string Location,
    string RawText,
    string SessionData,
    DateTimeOffset? ExpireDate,
    StoredSessionFormat Format = StoredSessionFormat.SessionData);

/// <summary>
/// Optional for an <see cref="ISessionEngine"/>: reads a session's stored record raw, without decoding, expiring,
/// deleting or creating anything (reading must never create a row or a cookie, as Django's lazy sessions never do).
/// </summary>
public interface ISessionRecordReader
{
    /// <summary>The stored record of <paramref name="sessionKey"/>, or null when the store holds nothing under it.</summary>
    Task<StoredSessionRecord?> ReadRawAsync(string sessionKey, CancellationToken cancellationToken = default);
}
