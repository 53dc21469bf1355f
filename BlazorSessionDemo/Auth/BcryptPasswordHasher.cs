using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.Extensions.Options;

namespace BlazorSessionDemo.Auth;

/// <summary>
/// BCrypt (BCrypt.Net-Next) password hashing at the configured work factor. Every verification BCrypt actually runs
/// (dummy ones included) is counted on the <see cref="MeterName"/> meter, so the cost of logins can be watched.
/// </summary>
public sealed class BcryptPasswordHasher(IOptions<AuthSettings> settings, IMeterFactory? meters = null)
{
    public const string MeterName = "BlazorSessionDemo.Auth";
    public const string VerificationsInstrument = "auth.bcrypt.verifications";

    /// <summary>BCrypt reads at most 72 bytes; longer passwords are refused rather than silently truncated.</summary>
    public const int MaxPasswordBytes = 72;

    private readonly Counter<long>? _verifications = meters?.Create(MeterName)
        .CreateCounter<long>(VerificationsInstrument, description: "BCrypt password verifications run, dummy ones included.");

    private readonly Lazy<string> _dummyHash = new(() => BCrypt.Net.BCrypt.HashPassword("dummy-password", settings.Value.BcryptWorkFactor));

    public static bool IsAcceptableLength(string password) =>
        password.Length > 0 && Encoding.UTF8.GetByteCount(password) <= MaxPasswordBytes;

    public string Hash(string password)
    {
        if (!IsAcceptableLength(password))
        {
            throw new ArgumentException($"Passwords must be 1 to {MaxPasswordBytes} bytes long.", nameof(password));
        }
        return BCrypt.Net.BCrypt.HashPassword(password, settings.Value.BcryptWorkFactor);
    }

    /// <summary>
    /// Checks <paramref name="password"/> against <paramref name="hash"/>. A missing hash (unknown user) still costs one
    /// BCrypt verification, so the answer takes as long whether or not the account exists.
    /// </summary>
    public bool Verify(string? hash, string password)
    {
        if (!IsAcceptableLength(password))
        {
            return false;
        }
        try
        {
            var against = hash ?? _dummyHash.Value;
            _verifications?.Add(1);
            var matches = BCrypt.Net.BCrypt.Verify(password, against);
            return hash is not null && matches;
        }
        catch (BCrypt.Net.SaltParseException)
        {
            return false;
        }
    }

    public bool NeedsRehash(string hash) => BCrypt.Net.BCrypt.PasswordNeedsRehash(hash, settings.Value.BcryptWorkFactor);
}
