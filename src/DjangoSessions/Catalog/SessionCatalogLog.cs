using Microsoft.Extensions.Logging;

namespace DjangoSessions.Catalog;

/// <summary>The session catalog's log lines (events 1401–1449). The catalog never fails a request: it warns instead.</summary>
internal static partial class SessionCatalogLog
{
    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "Session catalog: recording a save failed; the session itself was saved.")]
    public static partial void RecordSaveFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Warning, Message = "Session catalog: recording activity failed.")]
    public static partial void TouchFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Warning, Message = "Session catalog: removing an ended session failed; the session itself was ended.")]
    public static partial void RemoveFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Warning, Message = "Session catalog: the expiry sweep failed; retrying on the next tick.")]
    public static partial void SweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1405, Level = LogLevel.Warning, Message = "Session catalog: a {Kind} event handler threw.")]
    public static partial void EventHandlerFailed(ILogger logger, SessionEventKind kind, Exception exception);

    [LoggerMessage(EventId = 1406, Level = LogLevel.Information, Message = "Session catalog: {Count} expired session(s) removed.")]
    public static partial void ExpiredRemoved(ILogger logger, int count);

    [LoggerMessage(EventId = 1407, Level = LogLevel.Information,
        Message = "Session catalog: {Count} entr(y/ies) of other engines or of sessions lost on restart removed at start (engine {Engine}).")]
    public static partial void ResetOnStart(ILogger logger, int count, string engine);

    [LoggerMessage(EventId = 1408, Level = LogLevel.Warning, Message = "Session catalog: the reset at start failed; retrying on the next tick.")]
    public static partial void ResetFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1409, Level = LogLevel.Warning,
        Message = "Session catalog: writing the saves that waited failed as the host stopped; their entries keep an earlier expiry.")]
    public static partial void FlushOnStopFailed(ILogger logger, Exception exception);
}
