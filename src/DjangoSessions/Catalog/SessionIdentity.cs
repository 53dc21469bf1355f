
namespace DjangoSessions.Catalog;

/// <summary>Turns a session key (a cookie value) into the session's stable id and fingerprint, for the configured engine.</summary>
public sealed class SessionIdentity(ISessionEngine engine)
{
    private readonly Lazy<ISessionStableId?> _stableIds = new(engine.GetFeature<ISessionStableId>);

    /// <summary>The stable id of the session <paramref name="sessionKey"/> names; null when it names none.</summary>
    internal string? StableIdOf(string? sessionKey) =>
        sessionKey is null ? null : _stableIds.Value is { } stable ? stable.StableIdOf(sessionKey) : sessionKey;

    /// <summary>The fingerprint pages know the session by; null when the key names no session.</summary>
    public string? FingerprintOf(string? sessionKey) => StableIdOf(sessionKey) is { } id ? SessionFingerprint.Of(id) : null;
}
