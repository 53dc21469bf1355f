using DjangoSessions.Catalog;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DjangoSessions.Redis;

/// <summary>Registers the <c>redis</c> engine on a <see cref="DjangoSessionBuilder"/>.</summary>
public static class RedisEngineRegistration
{
    /// <summary>
    /// The <c>redis</c> engine (django-redis-sessions) configured by <c>Session:Redis</c>, and the app's single Redis
    /// connection, which is only opened once a request needs it; on that server, session events reach the app's
    /// other nodes (Redis pub/sub), and the timed cleanup is led by one node (a Redis lock).
    /// <c>Session:Redis:Configuration</c> points it at a Redis Cluster or Sentinel.
    /// </summary>
    public static DjangoSessionBuilder AddRedisEngine(this DjangoSessionBuilder builder)
    {
        builder.Services.AddOptions<RedisSessionSettings>()
            .Bind(builder.Configuration.GetSection(RedisSessionSettings.SectionName))
            .Validate(s => s.Port is >= 1 and <= 65535, $"{DjangoSessionSettings.SectionName}:{RedisSessionSettings.SectionName}:Port: must be between 1 and 65535.")
            .Validate(s => s.NearCacheSize is >= 0 and <= 1 << 24,
                $"{DjangoSessionSettings.SectionName}:{RedisSessionSettings.SectionName}:NearCacheSize: must be between 0 (off) and 16777216.")
            .Validate(s => s.NearCacheMaxAge > TimeSpan.Zero,
                $"{DjangoSessionSettings.SectionName}:{RedisSessionSettings.SectionName}:NearCacheMaxAge: must be longer than zero (set NearCacheSize to 0 to turn the near cache off).")
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisSessionSettings>, RedisSessionSettingsValidation>());
        builder.Services.TryAddSingleton<RedisSessionConnection>();
        builder.Services.TryAddSingleton<IRedisSessionConnection>(sp => sp.GetRequiredService<RedisSessionConnection>());
        // Sessions read lately, kept decoded per node and dropped on Redis's own invalidations (client-side caching).
        builder.Services.TryAddSingleton<RedisNearCache>();
        // Concurrent requests' session reads sent to Redis together (Session:Redis:PipelineReads).
        builder.Services.TryAddSingleton<RedisReadPipeline>();
        // Session events across nodes over the same server, whenever redis is the engine in use.
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ISessionEventTransport, RedisSessionEventTransport>());
        // A database other than 0 on a Redis Cluster is refused on start, not on every request.
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RedisDatabaseStartupCheck>());
        // The timed cleanup runs on one node at a time: the holder of a lock on the same server.
        builder.AddCleanupLease<RedisSessionCleanupLease>(SessionEngineNames.Redis);
        return builder.AddEngine<RedisSessionEngine>(SessionEngineNames.Redis);
    }
}
