using Microsoft.Extensions.Logging;

namespace DjangoSessions.EntityFrameworkCore;

/// <summary>The cached_db engine's log lines: the cache failing never fails a request, but it is never silent either.</summary>
internal static partial class CachedDbLog
{
    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning,
        Message = "Session cache unavailable during {Operation}; continuing with the database.")]
    public static partial void CacheUnavailable(ILogger logger, string operation, Exception exception);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning,
        Message = "Session cache unavailable while deleting a session; the database row is gone, but a stale cache entry " +
            "may still serve the session until it expires.")]
    public static partial void StaleEntryMayRemain(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Warning,
        Message = "Could not read a session's expire date to refill the session cache; the next load reads the database again.")]
    public static partial void CacheRefillSkipped(ILogger logger, Exception exception);
}
