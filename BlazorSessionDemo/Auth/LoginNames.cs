using System.Text;

namespace BlazorSessionDemo.Auth;

/// <summary>
/// The one form of a typed login (a username or an email) that the account lookup, the failure count and account
/// creation all use, so two logins name the same account exactly when they are counted together - a known and an
/// unknown name then get the same answers to the same attempts (no account enumeration through the lockout).
/// </summary>
/// <remarks>
/// Django's login form does the same first steps: <c>UsernameField.to_python</c> strips the value and applies NFKC, and
/// <c>AbstractBaseUser.normalize_username</c> applies NFKC when an account is created. Case is folded as the users table
/// compares (SQLite's NOCASE: ASCII letters only), never more: a fold the lookup doesn't share would count two texts
/// together that name two accounts, or one account apart.
/// </remarks>
public static class LoginNames
{
    /// <summary>NFKC, then surrounding white space removed (NFKC can turn a compatibility space into a plain one).</summary>
    public static string Normalize(string login)
    {
        try
        {
            return login.Normalize(NormalizationForm.FormKC).Trim();
        }
        catch (ArgumentException)
        {
            return login.Trim(); // not valid UTF-16 (a lone surrogate): no account has such a name; still counted
        }
    }

    /// <summary>
    /// The failure-count key of a normalised login that names no account: ASCII letters lower-cased, as SQLite's NOCASE
    /// compares, everything else as it is.
    /// </summary>
    public static string CountKey(string normalized) => string.Create(normalized.Length, normalized, static (chars, text) =>
    {
        for (var i = 0; i < text.Length; i++)
        {
            chars[i] = char.IsAsciiLetterUpper(text[i]) ? (char)(text[i] | 0x20) : text[i];
        }
    });
}
