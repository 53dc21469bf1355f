namespace DjangoSessions.Redis;

/// <summary>
/// django-redis-sessions' SESSION_REDIS_* settings, as the seed configures them: the <c>Session:Redis</c> section, owned
/// and bound by this library (<see cref="RedisEngineRegistration.AddRedisEngine"/>), so the core knows nothing of Redis.
/// </summary>
public sealed class RedisSessionSettings
{
    /// <summary>The section these settings bind from, under the <c>Session</c> section.</summary>
    public const string SectionName = "Redis";

    /// <summary>SESSION_REDIS_HOST (<c>Session:Redis:Host</c>).</summary>
    public string Host { get; set; } = "127.0.0.1";
    /// <summary>SESSION_REDIS_PORT (<c>Session:Redis:Port</c>).</summary>
    public int Port { get; set; } = 6379;
    /// <summary>SESSION_REDIS_DB (<c>Session:Redis:Db</c>): the database number.</summary>
    public int Db { get; set; }
    /// <summary>SESSION_REDIS_PASSWORD (<c>Session:Redis:Password</c>); null for none. Keep it out of appsettings.json.</summary>
    public string? Password { get; set; }
    /// <summary>SESSION_REDIS_PREFIX (<c>Session:Redis:Prefix</c>): keys are <c>{Prefix}:{session key}</c>.</summary>
    public string Prefix { get; set; } = "session";

    /// <summary>
    /// <c>Session:Redis:Configuration</c>: a StackExchange.Redis configuration string (for example
    /// <c>10.0.0.1:6379,10.0.0.2:6379,password=...</c>, or <c>sentinel1:26379,serviceName=mymaster</c>), for a Redis
    /// Cluster, Sentinel or any option Host/Port/Password can't say. When set, it takes precedence over
    /// <see cref="Host"/>, <see cref="Port"/> and <see cref="Password"/>; <see cref="Db"/> still names the database
    /// (a cluster has only database 0). Null or empty: Host, Port and Password are used. Keep passwords out of
    /// appsettings.json.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>
    /// <c>Session:Redis:PipelineReads</c>: the GETs of requests running at the same time are sent to Redis together,
    /// one write and one read for the lot instead of one each (auto-pipelining, as ioredis and node-redis do). On by
    /// default; the order and the answers are those of single GETs. Off: each request's GET is written on its own.
    /// </summary>
    public bool PipelineReads { get; set; } = true;

    /// <summary>
    /// <c>Session:Redis:NearCacheSize</c>: how many sessions each node keeps decoded in memory, so a request that only
    /// reads its session doesn't ask Redis (Redis's client-side caching tells every node when one changes; see
    /// docs/engines.md). 0, the default, keeps it off: every request reads Redis, so a write on one node is seen by
    /// the very next read on any other; with the near cache, other nodes see it once Redis's invalidation reaches them
    /// (the write's node at once). Off on a Redis Cluster whatever the value.
    /// </summary>
    public int NearCacheSize { get; set; }

    /// <summary>
    /// <c>Session:Redis:NearCacheMaxAge</c>: the longest a node uses its copy of a session without reading Redis again,
    /// however quiet the session: a bound on staleness should an invalidation ever be lost unnoticed.
    /// </summary>
    public TimeSpan NearCacheMaxAge { get; set; } = TimeSpan.FromSeconds(30);
}
