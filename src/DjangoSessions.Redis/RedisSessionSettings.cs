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
}
