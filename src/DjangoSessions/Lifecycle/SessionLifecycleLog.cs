using Microsoft.Extensions.Logging;

namespace DjangoSessions.Lifecycle;

internal static partial class SessionLifecycleLog
{
    [LoggerMessage(EventId = 1020, Level = LogLevel.Warning,
        Message = "Session lifecycle observer {Observer} failed; the session operation itself succeeded.")]
    public static partial void ObserverFailed(ILogger logger, string observer, Exception exception);
}
