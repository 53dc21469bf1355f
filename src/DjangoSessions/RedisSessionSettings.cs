namespace DjangoSessions;

/// <summary>django-redis-sessions' SESSION_REDIS_* settings, as the seed configures them.</summary>
public sealed class RedisSessionSettings
{
    public string Host { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 6379;
    public int Db { get; set; }
    public string? Password { get; set; }
    public string Prefix { get; set; } = "session";
}
