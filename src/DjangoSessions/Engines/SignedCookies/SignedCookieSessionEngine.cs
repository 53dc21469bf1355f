using System.Text.Json.Nodes;
using DjangoSessions.Catalog;
using DjangoSessions.Engines.SignedCookies;
using DjangoSessions.Lifecycle;
using Microsoft.Extensions.Options;

namespace DjangoSessions.Engines;

/// <summary>
/// <c>django.contrib.sessions.backends.signed_cookies</c>: the whole session is the cookie, Django's signed value, and
/// the session key IS that value (so every save returns a new key). Unlike Django, ending a session really ends it:
/// each session carries a stable id inside its payload, and delete (logout, flush, cycle_key) records that id in a
/// revocation ledger that every load checks, so a copy of an old cookie can no longer log anybody back in.
/// What it can't do, as in Django: stop an older cookie of a still-live session from loading that session's older data.
/// </summary>
internal sealed class SignedCookieSessionEngine : ISessionEngine, ISessionRecordReader, ISessionStableId, ISessionSharedLoad
{
    private readonly SignedCookieCodec _codec;
    private readonly TimeProvider _time;
    private readonly IOptions<DjangoSessionSettings> _settings;
    private readonly ISessionRevocationLedger _ledger;

    /// <summary>The codec (for tests of what it keeps).</summary>
    internal SignedCookieCodec Codec => _codec;

    /// <summary>An engine over <paramref name="ledger"/>, signing with <paramref name="codec"/>.</summary>
    public SignedCookieSessionEngine(ISessionRevocationLedger ledger, SignedCookieCodec codec, TimeProvider time,
        IOptions<DjangoSessionSettings> settings)
    {
        _codec = codec;
        _time = time;
        _settings = settings;
        _ledger = ledger;
    }

    public async Task<JsonObject?> LoadAsync(string sessionKey, CancellationToken cancellationToken = default) =>
        (await OpenLiveAsync(sessionKey, cancellationToken))?.Data.DeepClone().AsObject();

    /// <summary><see cref="LoadAsync"/> without the copy, for the session's own load (never to be changed).</summary>
    async ValueTask<LoadedSessionData?> ISessionSharedLoad.LoadSharedAsync(string sessionKey, CancellationToken cancellationToken) =>
        await OpenLiveAsync(sessionKey, cancellationToken) is { } content ? new LoadedSessionData(content.Data, null, Shared: true) : null;

    public async Task<bool> ExistsAsync(string sessionKey, CancellationToken cancellationToken = default) =>
        await OpenLiveAsync(sessionKey, cancellationToken) is not null;

    /// <summary>
    /// Signs <paramref name="data"/> into a new cookie value and returns it. A create (<paramref name="mustCreate"/>) is
    /// handed a fresh random key by <see cref="DjangoSession.CreateAsync"/>, which becomes the session id; an update takes
    /// the id from the current cookie, which must still be live and not revoked (never resurrect a logged-out session).
    /// <paramref name="expireDate"/> needs no storing: it follows from the data and the signing time (see the codec).
    /// </summary>
    public async Task<string> SaveAsync(string sessionKey, JsonObject data, DateTimeOffset expireDate, bool mustCreate,
        CancellationToken cancellationToken = default)
    {
        string sessionId;
        if (mustCreate)
        {
            // A cookie value names a session that exists already; a revoked id would create an unloadable session.
            if (!SessionKeys.IsWellFormed(sessionKey) || await _ledger.IsRevokedAsync(sessionKey, cancellationToken))
            {
                throw new SessionCreateException("Session key already in use.");
            }
            sessionId = sessionKey;
        }
        else
        {
            sessionId = (await OpenLiveAsync(sessionKey, cancellationToken))?.SessionId
                ?? throw new SessionUpdateException("The session was deleted or expired before it could be saved.");
        }
        var cookie = _codec.Encode(sessionId, data);
        var settings = _settings.Value;
        var size = SetCookieSize.Measure(cookie, settings, _time.GetUtcNow(), expireDate);
        if (size > SetCookieSize.BrowserLimit)
        {
            throw new SessionTooLargeException(size, SetCookieSize.BrowserLimit);
        }
        return cookie;
    }

    /// <summary>
    /// Revokes the session the cookie belongs to, with every other cookie of it. Any correctly signed cookie is enough,
    /// even an aged-out one: a newer cookie of the same session may still be live.
    /// </summary>
    public async Task DeleteAsync(string sessionKey, CancellationToken cancellationToken = default)
    {
        if (_codec.VerifyShared(sessionKey) is { } content)
        {
            await _ledger.RevokeAsync(content.SessionId, cancellationToken);
        }
    }

    /// <summary>Removes ledger rows whose cookies can no longer verify; the sessions themselves live in browsers.</summary>
    public Task<int> ClearExpiredAsync(CancellationToken cancellationToken = default) =>
        _ledger.ClearExpiredAsync(cancellationToken);

    public bool IsWellFormedKey(string? sessionKey) => SignedCookieCodec.IsWellFormed(sessionKey);

    /// <summary>The session id inside the cookie: the same for every cookie the session is re-signed into.</summary>
    public string? StableIdOf(string sessionKey) => _codec.VerifyShared(sessionKey)?.SessionId;

    /// <summary>
    /// The record is the cookie itself: any correctly signed value, aged out or revoked or not (the location says which),
    /// since the server stores nothing but revocations.
    /// </summary>
    public async Task<StoredSessionRecord?> ReadRawAsync(string sessionKey, CancellationToken cancellationToken = default)
    {
        if (_codec.VerifyShared(sessionKey) is not { } content)
        {
            return null;
        }
        var revoked = await _ledger.IsRevokedAsync(content.SessionId, cancellationToken);
        var location = $"the cookie itself (session id {content.SessionId}{(revoked ? ", revoked in the ledger" : "")})";
        return new StoredSessionRecord(location, sessionKey, sessionKey,
            SignedCookieCodec.ExpiresAt(content, _settings.Value.Cookie.CookieAge), StoredSessionFormat.SignedCookie);
    }

    /// <summary>The cookie needs no store; the revocation ledger does, so that is what a health check probes.</summary>
    public Task PingAsync(CancellationToken cancellationToken = default) =>
        _ledger.IsRevokedAsync(SessionKeys.Generate(), cancellationToken);

    private async Task<SignedCookieContent?> OpenLiveAsync(string cookie, CancellationToken cancellationToken)
    {
        var content = _codec.OpenShared(cookie, _settings.Value.Cookie.CookieAge);
        return content is null || await _ledger.IsRevokedAsync(content.SessionId, cancellationToken) ? null : content;
    }
}
