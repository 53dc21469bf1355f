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
}
