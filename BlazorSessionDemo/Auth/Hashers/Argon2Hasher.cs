using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Konscious.Security.Cryptography;

namespace BlazorSessionDemo.Auth.Hashers;

/// <summary>
/// Django's <c>Argon2PasswordHasher</c>: <c>argon2$argon2id$v=19$m=102400,t=2,p=8$salt$hash</c> (argon2-cffi's PHC
/// string after Django's <c>argon2</c> prefix; salt and hash in base64 without padding), verified with
/// Konscious.Security.Cryptography.Argon2. Verification only: new hashes are bcrypt_sha256, so an argon2 user is
/// rehashed at the next login. Versions other than 19 (0x13) and parameters out of the bounds below are malformed.
/// </summary>
public sealed class Argon2Hasher : IDjangoHasher
{
    /// <summary>Bounds on what a stored string may ask for: 1 GiB, 64 passes, 64 lanes (Django writes 100 MiB, 2, 8).</summary>
    public const int MaxMemoryKib = 1024 * 1024, MaxTimeCost = 64, MaxParallelism = 64;

    public static Argon2Hasher Instance { get; } = new();

    public string Algorithm => "argon2";

    public HashCheck Verify(string password, string encoded)
    {
        // argon2 $ variant $ v=19 $ m=..,t=..,p=.. $ salt $ hash
        var parts = encoded.Split('$');
        if (parts.Length != 6 || parts[0] != Algorithm || parts[2] != "v=19"
            || !TryReadParameters(parts[3], out var memory, out var time, out var lanes)
            || !TryDecode(parts[4], out var salt) || salt.Length is < 8 or > 1024
            || !TryDecode(parts[5], out var expected) || expected.Length is < 4 or > 1024)
        {
            return HashCheck.Malformed;
        }
        Argon2? argon = parts[1] switch
        {
            "argon2id" => new Argon2id(Encoding.UTF8.GetBytes(password)),
            "argon2i" => new Argon2i(Encoding.UTF8.GetBytes(password)),
            "argon2d" => new Argon2d(Encoding.UTF8.GetBytes(password)),
            _ => null,
        };
        if (argon is null || memory < 8 * lanes)
        {
            return HashCheck.Malformed;
        }
        using (argon)
        {
            argon.Salt = salt;
            argon.MemorySize = memory;
            argon.Iterations = time;
            argon.DegreeOfParallelism = lanes;
            var actual = argon.GetBytes(expected.Length);
            return CryptographicOperations.FixedTimeEquals(actual, expected) ? HashCheck.Match : HashCheck.Mismatch;
        }
    }

    private static bool TryReadParameters(string text, out int memory, out int time, out int lanes)
    {
        memory = time = lanes = 0;
        var fields = text.Split(',');
        if (fields.Length != 3
            || !TryReadField(fields[0], "m=", MaxMemoryKib, out memory)
            || !TryReadField(fields[1], "t=", MaxTimeCost, out time)
            || !TryReadField(fields[2], "p=", MaxParallelism, out lanes))
        {
            return false;
        }
        return true;
    }

    private static bool TryReadField(string field, string name, int max, out int value)
    {
        value = 0;
        return field.StartsWith(name, StringComparison.Ordinal)
            && int.TryParse(field.AsSpan(name.Length), NumberStyles.None, CultureInfo.InvariantCulture, out value)
            && value >= 1 && value <= max;
    }

    // argon2-cffi writes standard base64 without '=' padding.
    private static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length == 0 || text.Length % 4 == 1 || text.Contains('='))
        {
            return false;
        }
        var padded = text + new string('=', (4 - text.Length % 4) % 4);
        var buffer = new byte[padded.Length / 4 * 3];
        if (!Convert.TryFromBase64String(padded, buffer, out var written))
        {
            return false;
        }
        bytes = buffer[..written];
        return true;
    }
}
