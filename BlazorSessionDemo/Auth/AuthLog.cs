namespace BlazorSessionDemo.Auth;

/// <summary>Every log line of the app's authentication (events 2001–2049), as source-generated messages.</summary>
internal static partial class AuthLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning,
        Message = "Login refused before checking the password: too many failed attempts for {Account} or from {Address}; retry after {RetryAfterSeconds} s.")]
    public static partial void LoginThrottled(ILogger logger, string account, string address, int retryAfterSeconds);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Failed login for {Account} from {Address}.")]
    public static partial void LoginFailed(ILogger logger, string account, string address);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Login form refused: request body larger than {Limit} bytes.")]
    public static partial void LoginBodyTooLarge(ILogger logger, int limit);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning,
        Message = "Session flushed: its _auth_user_hash does not match the current password of user {UserId} (password changed, or a forged login).")]
    public static partial void SessionAuthHashMismatch(ILogger logger, long userId);
}
