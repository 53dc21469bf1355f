using System.Globalization;
using System.Text;
using BlazorSessionDemo.Auth.Hashers;
using Microsoft.Extensions.Options;

namespace BlazorSessionDemo.Auth.Passwords;

/// <summary>
/// What a new password must be, as Django's <c>AUTH_PASSWORD_VALIDATORS</c> ship it by default: long enough
/// (<c>MinimumLengthValidator</c>), not the account's own name (a strict form of <c>UserAttributeSimilarityValidator</c>:
/// equal to the username or email, ignoring case), not only digits (<c>NumericPasswordValidator</c>); plus BCrypt's
/// limit (it reads 72 bytes and would silently ignore the rest). One policy for every place a password is set: the
/// password change page and <c>createuser</c>.
/// </summary>
public sealed class PasswordPolicy(IOptions<AuthSettings> settings)
{
    public const string Required = "Enter a new password.";
    public const string EntirelyNumeric = "This password is entirely numeric.";
    public const string SameAsUsername = "The password can't be your username.";
    public const string SameAsEmail = "The password can't be your email address.";

    public static readonly string TooLong =
        $"This password is too long: at most {DjangoPasswordHasher.MaxPasswordBytes} bytes (UTF-8), all BCrypt reads.";

    /// <summary>The defaults, for callers outside dependency injection.</summary>
    public static PasswordPolicy Default { get; } = new(Options.Create(new AuthSettings()));

    public int MinimumLength => settings.Value.PasswordMinimumLength;

    public string TooShort =>
        $"This password is too short. It must contain at least {MinimumLength} characters.";

    /// <summary>Every rule <paramref name="password"/> breaks for this account, each as a message for the field; empty when it passes.</summary>
    public IReadOnlyList<string> Check(string? password, string username, string email)
    {
        if (string.IsNullOrEmpty(password))
        {
            return [Required];
        }
        var problems = new List<string>();
        // Characters as a person counts them (text elements), not UTF-16 units: "ééééééé" is 7 long.
        if (new StringInfo(password).LengthInTextElements < MinimumLength)
        {
            problems.Add(TooShort);
        }
        if (Encoding.UTF8.GetByteCount(password) > DjangoPasswordHasher.MaxPasswordBytes)
        {
            problems.Add(TooLong);
        }
        if (password.All(char.IsAsciiDigit))
        {
            problems.Add(EntirelyNumeric);
        }
        if (string.Equals(password, username, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(SameAsUsername);
        }
        if (string.Equals(password, email, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(SameAsEmail);
        }
        return problems;
    }
}
