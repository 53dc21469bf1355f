namespace DjangoSessions.Signing;

/// <summary>
/// SECRET_KEY and SECRET_KEY_FALLBACKS, owned by signing: what session data, signed cookies and the auth hash are keyed
/// from. Bound from the flat <c>Session</c> keys (<c>Session:SecretKey</c>, ...).
/// </summary>
public sealed class SessionSecretSettings
{
    /// <summary>SECRET_KEY used to sign session data. Null: a generated key persisted in <see cref="SecretKeyFile"/>.</summary>
    public string? SecretKey { get; set; }

    /// <summary>
    /// The SECRET_KEY in effect: <see cref="SecretKey"/>, or the generated one (read or created on first use) when the
    /// app's settings leave it unset. Everything keyed from SECRET_KEY (session signing, the auth hash) reads this, so
    /// they always agree. Null only for settings built by hand without a <see cref="SecretKey"/>.
    /// </summary>
    public string? EffectiveSecretKey => string.IsNullOrEmpty(SecretKey) ? GeneratedSecretKey?.Value : SecretKey;

    /// <summary>Set on start by <c>AddDjangoSessions</c>; lazy, so an app that never signs anything writes no key file.</summary>
    internal Lazy<string>? GeneratedSecretKey { get; set; }

    /// <summary>SECRET_KEY_FALLBACKS (Django 4.1+): older keys still accepted when reading, never used to write.</summary>
    public string[] SecretKeyFallbacks { get; set; } = [];

    /// <summary>Where a generated secret is kept when <see cref="SecretKey"/> is not set (relative to the content root).</summary>
    public string SecretKeyFile { get; set; } = "App_Data/session-secret.key";
}
