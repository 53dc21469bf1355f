using Microsoft.Extensions.Logging;

namespace DjangoSessions;

/// <summary>Every log line the session framework writes, as source-generated messages.</summary>
internal static partial class SessionLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Session data corrupted: {Reason}")]
    public static partial void SessionDataCorrupted(ILogger logger, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning,
        Message = "The request's session was deleted before the request completed; the user may have logged out in a concurrent request.")]
    public static partial void SessionInterrupted(ILogger logger);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Removed {Count} expired sessions.")]
    public static partial void ExpiredSessionsRemoved(ILogger logger, int count);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error, Message = "Background removal of expired sessions failed.")]
    public static partial void CleanupFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning,
        Message = "Session:SecretKey is not set; using the generated key in {Path}. Set Session:SecretKey outside development.")]
    public static partial void GeneratedSecretInUse(ILogger logger, string path);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Error, Message = "Session store unavailable; answering 503.")]
    public static partial void StoreUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Error, Message = "Session not saved: it is too large for a cookie.")]
    public static partial void SessionTooLarge(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Warning,
        Message = "Session not saved: key '{Key}' was changed by a concurrent request; answering 409.")]
    public static partial void SessionConflict(ILogger logger, string key);
}
