using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace BlazorSessionDemo.Auth.Hashers;

/// <summary>
/// Django's <c>BCryptSHA256PasswordHasher</c> (<c>bcrypt_sha256$$2b$12$...</c>: BCrypt over the lower-case hex of the
/// password's SHA-256, so nothing past BCrypt's 72 bytes is lost) and <c>BCryptPasswordHasher</c> (<c>bcrypt$$2b$...</c>,
/// BCrypt over the password itself), with BCrypt.Net-Next. New hashes are written as Django's pyca/bcrypt writes them:
/// revision <c>2b</c>.
/// </summary>
public sealed partial class BcryptHasher(string algorithm, bool sha256Prehash) : IDjangoHasher
{
    /// <summary>BCrypt reads at most 72 bytes: plain <c>bcrypt</c> refuses longer passwords rather than truncate them.</summary>
    public const int MaxPlainPasswordBytes = 72;

    public static BcryptHasher Sha256 { get; } = new("bcrypt_sha256", sha256Prehash: true);

    public static BcryptHasher Plain { get; } = new("bcrypt", sha256Prehash: false);

    public string Algorithm => algorithm;

    /// <summary>A new hash of <paramref name="password"/> at <paramref name="workFactor"/>, in Django's form.</summary>
    public string Encode(string password, int workFactor)
    {
        var salt = BCrypt.Net.BCrypt.GenerateSalt(workFactor, 'b');
        return algorithm + "$" + BCrypt.Net.BCrypt.HashPassword(Input(password), salt);
    }

    public HashCheck Verify(string password, string encoded)
    {
        if (!TryReadCost(encoded, out _))
        {
            return HashCheck.Malformed;
        }
        if (!sha256Prehash && Encoding.UTF8.GetByteCount(password) > MaxPlainPasswordBytes)
        {
            return HashCheck.Mismatch;
        }
        return BCrypt.Net.BCrypt.Verify(Input(password), encoded[(algorithm.Length + 1)..]) ? HashCheck.Match : HashCheck.Mismatch;
    }

    /// <summary>The work factor of a well-formed stored string of this hasher (Django's <c>decode()['work_factor']</c>).</summary>
    public bool TryReadCost(string encoded, out int cost)
    {
        cost = 0;
        if (!encoded.StartsWith(algorithm + "$", StringComparison.Ordinal))
        {
            return false;
        }
        var match = BcryptString().Match(encoded, algorithm.Length + 1);
        return match.Success && match.Index == algorithm.Length + 1
            && int.TryParse(match.Groups["cost"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out cost)
            && cost is >= 4 and <= 31;
    }

    // Django's bcrypt_sha256: binascii.hexlify(hashlib.sha256(password.encode()).digest()), lower-case hex.
    private string Input(string password) =>
        sha256Prehash ? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(password))) : password;

    // $2a$/$2b$/$2x$/$2y$, two-digit cost, 22 characters of salt and 31 of checksum in BCrypt's base64 alphabet.
    [GeneratedRegex(@"\G\$2[abxy]\$(?<cost>[0-9]{2})\$[./A-Za-z0-9]{53}\z", RegexOptions.CultureInvariant)]
    private static partial Regex BcryptString();
}
