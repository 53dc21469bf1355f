using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.Extensions.Options;

namespace BlazorSessionDemo.Auth.Hashers;

/// <summary>
/// The app's passwords in Django's <c>algorithm$...</c> form (<c>django.contrib.auth.hashers</c>). New hashes are
/// <c>bcrypt_sha256</c> at <c>Auth:BcryptWorkFactor</c>; verification accepts what a Django 3.2 site holds:
/// <c>bcrypt_sha256</c>, <c>bcrypt</c>, <c>pbkdf2_sha256</c>, <c>pbkdf2_sha1</c>, <c>argon2</c>. Anything else (an
/// unknown hasher, a malformed string, Django's unusable <c>!</c> password, no user at all) fails after one dummy
/// verification at the configured cost, so a failure takes the same shape of time whatever its cause. Every
/// verification actually run (dummy ones included) is counted on the <see cref="MeterName"/> meter.
/// </summary>
public sealed class DjangoPasswordHasher(IOptions<AuthSettings> settings, ILogger<DjangoPasswordHasher>? logger = null, IMeterFactory? meters = null)
{
    public const string MeterName = "BlazorSessionDemo.Auth";
    public const string VerificationsInstrument = "auth.bcrypt.verifications";

    /// <summary>The longest new password the policy accepts (BCrypt's 72 bytes: the limit plain <c>bcrypt</c> hashes have).</summary>
    public const int MaxPasswordBytes = 72;

    /// <summary>The longest password checked at login: a Django user's may be longer than 72 bytes (bcrypt_sha256, PBKDF2).</summary>
    public const int MaxCheckedPasswordBytes = 4096;

    /// <summary>Django's <c>UNUSABLE_PASSWORD_PREFIX</c>: <c>set_unusable_password()</c> stores <c>!</c> and 40 random characters.</summary>
    public const string UnusablePrefix = "!";

    private static readonly IReadOnlyDictionary<string, IDjangoHasher> Hashers = new IDjangoHasher[]
    {
        BcryptHasher.Sha256, BcryptHasher.Plain, Pbkdf2Hasher.Sha256, Pbkdf2Hasher.Sha1, Argon2Hasher.Instance,
    }.ToDictionary(h => h.Algorithm, StringComparer.Ordinal);

    private readonly ILogger _logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger<DjangoPasswordHasher>.Instance;

    private readonly Counter<long>? _verifications = meters?.Create(MeterName)
        .CreateCounter<long>(VerificationsInstrument, description: "Password verifications run, dummy ones included.");

    private readonly Lazy<string> _dummyHash = new(() => BcryptHasher.Sha256.Encode("dummy-password", settings.Value.BcryptWorkFactor));

    /// <summary>The hasher new hashes use (Django's <c>PASSWORD_HASHERS[0]</c>).</summary>
    public static string PreferredAlgorithm => BcryptHasher.Sha256.Algorithm;

    /// <summary>Whether <paramref name="password"/> may be set as a new password (1 to <see cref="MaxPasswordBytes"/> bytes).</summary>
    public static bool IsAcceptableLength(string password) =>
        password.Length > 0 && Encoding.UTF8.GetByteCount(password) <= MaxPasswordBytes;

    /// <summary>Django's <c>make_password(password)</c> with this app's preferred hasher.</summary>
    public string Hash(string password)
    {
        if (!IsAcceptableLength(password))
        {
            throw new ArgumentException($"Passwords must be 1 to {MaxPasswordBytes} bytes long.", nameof(password));
        }
        return BcryptHasher.Sha256.Encode(password, settings.Value.BcryptWorkFactor);
    }

    /// <summary>
    /// The preferred hash of a password that just matched an older one (Django's <c>check_password</c> setter): not held
    /// to the policy's 72 bytes, which bcrypt_sha256 does not need (a Django user's password may be longer).
    /// </summary>
    public string Rehash(string password) => BcryptHasher.Sha256.Encode(password, settings.Value.BcryptWorkFactor);

    /// <summary>
    /// Django's <c>check_password(password, encoded)</c>: true when <paramref name="password"/> is the one
    /// <paramref name="hash"/> stores. A missing hash (unknown user), an unusable, unknown or malformed one still costs
    /// one verification at the configured cost and answers false, never throws.
    /// </summary>
    public bool Verify(string? hash, string password)
    {
        if (password.Length == 0 || Encoding.UTF8.GetByteCount(password) > MaxCheckedPasswordBytes)
        {
            return false;
        }
        var algorithm = hash is null ? null : AlgorithmOf(hash);
        if (hash is null || hash.StartsWith(UnusablePrefix, StringComparison.Ordinal) || algorithm is null
            || !Hashers.TryGetValue(algorithm, out var hasher))
        {
            if (hash is not null && !hash.StartsWith(UnusablePrefix, StringComparison.Ordinal))
            {
                AuthLog.UnsupportedHasher(_logger, Printable(algorithm ?? hash));
            }
            RunDummy(password);
            return false;
        }
        var check = hasher.Verify(password, hash);
        if (check == HashCheck.Malformed)
        {
            // Nothing was computed for a string that did not parse: the dummy keeps the time alike.
            AuthLog.MalformedPasswordHash(_logger, algorithm);
            RunDummy(password);
            return false;
        }
        _verifications?.Add(1);
        return check == HashCheck.Match;
    }

    /// <summary>
    /// Django's <c>must_update</c> as <c>check_password</c>'s setter uses it: another hasher than the preferred one, or
    /// the preferred one at another work factor.
    /// </summary>
    public bool NeedsRehash(string hash) =>
        !BcryptHasher.Sha256.TryReadCost(hash, out var cost) || cost != settings.Value.BcryptWorkFactor;

    /// <summary>The hasher this app has for <paramref name="algorithm"/> (Django's <c>get_hasher</c>), else null.</summary>
    public static IDjangoHasher? HasherFor(string algorithm) => Hashers.GetValueOrDefault(algorithm);

    /// <summary>The <c>algorithm</c> of a stored string (Django's <c>identify_hasher</c>: the text before the first <c>$</c>).</summary>
    public static string? AlgorithmOf(string hash) => hash.IndexOf('$') is > 0 and var end ? hash[..end] : null;

    private void RunDummy(string password)
    {
        _verifications?.Add(1);
        BcryptHasher.Sha256.Verify(password, _dummyHash.Value);
    }

    // The algorithm name goes to the log: at most 40 characters, printable ASCII only (it comes from the database).
    private static string Printable(string text) =>
        new(text.Take(40).Select(c => c is >= ' ' and <= '~' ? c : '?').ToArray());
}
