using Microsoft.Extensions.Logging;

namespace DjangoSessions.Redis;

/// <summary>The near cache's log lines: one per arming, per failure streak, and per probe missed.</summary>
internal static partial class RedisNearCacheLog
{
    [LoggerMessage(EventId = 1121, Level = LogLevel.Information, Message = "Redis near cache armed: up to {Size} sessions kept per node, dropped on Redis's invalidations.")]
    public static partial void Armed(ILogger logger, int size);

    [LoggerMessage(EventId = 1122, Level = LogLevel.Information, Message = "Redis near cache not armed ({Reason}): every request reads Redis meanwhile; retrying.")]
    public static partial void NotArmed(ILogger logger, string reason);

    [LoggerMessage(EventId = 1123, Level = LogLevel.Information, Message = "Redis near cache off: client-side caching is per shard on a Redis Cluster; every request reads Redis.")]
    public static partial void OffOnCluster(ILogger logger);

    [LoggerMessage(EventId = 1124, Level = LogLevel.Warning, Message = "Redis near cache: a probe key's invalidation did not arrive; copies dropped, every request reads Redis until it does.")]
    public static partial void ProbeNotSeen(ILogger logger);
}
