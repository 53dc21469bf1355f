using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BlazorSessionDemo.Auth.Hashers;

/// <summary>
/// Django's <c>PBKDF2PasswordHasher</c> (<c>pbkdf2_sha256$iterations$salt$base64(hash)</c>, Django's default) and
/// <c>PBKDF2SHA1PasswordHasher</c> (<c>pbkdf2_sha1$...</c>), with .NET's own PBKDF2. The derived key is as long as
/// the digest (Django's <c>dklen=None</c>), and the comparison is Django's: the re-encoded base64 against the stored
/// text, in constant time.
/// </summary>
public sealed class Pbkdf2Hasher(string algorithm, HashAlgorithmName digest, int digestBytes) : IDjangoHasher
{
    /// <summary>
    /// The most iterations a stored string may ask for. Django 3.2 writes 260,000 and 5.x 1,000,000 or more; a count
    /// beyond this is refused as malformed rather than run for minutes (the stored value is only bounded, not trusted).
    /// </summary>
    public const int MaxIterations = 20_000_000;

    public static Pbkdf2Hasher Sha256 { get; } = new("pbkdf2_sha256", HashAlgorithmName.SHA256, 32);

    public static Pbkdf2Hasher Sha1 { get; } = new("pbkdf2_sha1", HashAlgorithmName.SHA1, 20);

    public string Algorithm => algorithm;

    public HashCheck Verify(string password, string encoded)
    {
        // algorithm$iterations$salt$hash; Django's decode() is encoded.split('$', 3), and its encode() refuses a salt
        // holding '$', so four parts exactly.
        var parts = encoded.Split('$');
        if (parts.Length != 4 || parts[0] != algorithm
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations)
            || iterations is < 1 or > MaxIterations
            || parts[2].Length == 0
            || parts[3].Length != (digestBytes + 2) / 3 * 4)
        {
            return HashCheck.Malformed;
        }
        var derived = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(parts[2]), iterations, digest, digestBytes);
        var matches = CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Convert.ToBase64String(derived)), Encoding.UTF8.GetBytes(parts[3]));
        return matches ? HashCheck.Match : HashCheck.Mismatch;
    }
}
