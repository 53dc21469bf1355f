namespace BlazorSessionDemo.Auth;

/// <summary>Log lines of stored password strings this app cannot check (events 2030–2039); the login fails, the app carries on.</summary>
internal static partial class AuthLog
{
    [LoggerMessage(EventId = 2030, Level = LogLevel.Warning,
        Message = "Unsupported password hasher '{Algorithm}': the stored password cannot be checked here and the login fails. " +
            "Supported: bcrypt_sha256, bcrypt, pbkdf2_sha256, pbkdf2_sha1, argon2; ask the user to reset the password.")]
    public static partial void UnsupportedHasher(ILogger logger, string algorithm);

    [LoggerMessage(EventId = 2031, Level = LogLevel.Warning,
        Message = "Malformed '{Algorithm}' password hash (a field does not parse or is out of bounds): the login fails.")]
    public static partial void MalformedPasswordHash(ILogger logger, string algorithm);
}
