using Microsoft.Extensions.Logging;

namespace DjangoSessions.Lifecycle;

/// <summary>What the leased cleanup says: which node ran it, which one stood aside, and a lease lost mid-run.</summary>
internal static partial class SessionCleanupLog
{
    [LoggerMessage(EventId = 1601, Level = LogLevel.Information,
        Message = "Cleanup lease held by {Holder}: removed {Count} expired sessions and {Entries} catalog entries.")]
    public static partial void Ran(ILogger logger, string holder, int count, int entries);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Debug,
        Message = "Cleanup skipped on {Holder}: another node holds the cleanup lease.")]
    public static partial void NotLeader(ILogger logger, string holder);

    [LoggerMessage(EventId = 1603, Level = LogLevel.Warning,
        Message = "Cleanup stopped on {Holder}: the cleanup lease could not be renewed (another node has it, or the store is unreachable).")]
    public static partial void LostLease(ILogger logger, string holder);

    [LoggerMessage(EventId = 1604, Level = LogLevel.Warning, Message = "Renewing the cleanup lease on {Holder} failed.")]
    public static partial void RenewFailed(ILogger logger, string holder, Exception exception);
}
