namespace BlazorSessionDemo.Auth;

/// <summary>Log lines of password checks after login (events 2020–2029): the account by id only, never the typed text.</summary>
internal static partial class AuthLog
{
    [LoggerMessage(EventId = 2020, Level = LogLevel.Warning,
        Message = "Password check refused before checking: too many failed attempts for user {UserId} or from {Address}; retry after {RetryAfterSeconds} s.")]
    public static partial void PasswordCheckThrottled(ILogger logger, long userId, string address, int retryAfterSeconds);

    [LoggerMessage(EventId = 2021, Level = LogLevel.Information, Message = "Failed password check for user {UserId} from {Address}.")]
    public static partial void PasswordCheckFailed(ILogger logger, long userId, string address);

    [LoggerMessage(EventId = 2022, Level = LogLevel.Information,
        Message = "Password changed for user {UserId}; {OtherSessions} other session(s) ended.")]
    public static partial void PasswordChanged(ILogger logger, long userId, int otherSessions);
}
