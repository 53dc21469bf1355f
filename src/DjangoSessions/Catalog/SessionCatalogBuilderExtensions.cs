using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using DjangoSessions.Lifecycle;

namespace DjangoSessions.Catalog;

/// <summary>Registers the session catalog on a <see cref="DjangoSessionBuilder"/>.</summary>
public static class SessionCatalogBuilderExtensions
{
    /// <summary>
    /// The session catalog kept by <typeparamref name="TCatalog"/> (the EF Core package's <c>AddSessionCatalog&lt;TContext&gt;</c>
    /// uses a <c>session_catalog</c> table): every engine's sessions recorded as they are saved, touched and deleted,
    /// <see cref="ISessionEventBus"/> for live pages, one expiry sweep, and <see cref="SessionRevocation"/>.
    /// Settings <c>Session:UserIdKey</c>, <c>Session:ActivityInterval</c>, <c>Session:ExpirySweepInterval</c>,
    /// <c>Session:EventResyncInterval</c>.
    /// </summary>
    public static DjangoSessionBuilder AddSessionCatalogWith<TCatalog>(this DjangoSessionBuilder builder)
        where TCatalog : class, ISessionCatalog
    {
        var services = builder.Services;
        services.AddOptions<SessionCatalogSettings>().BindConfiguration(DjangoSessionSettings.SectionName)
            .Validate(s => !string.IsNullOrWhiteSpace(s.UserIdKey), $"{DjangoSessionSettings.SectionName}:UserIdKey: must not be empty.")
            .Validate(s => s.ActivityInterval >= TimeSpan.Zero, $"{DjangoSessionSettings.SectionName}:ActivityInterval: must not be negative.")
            .Validate(s => s.ExpirySweepInterval > TimeSpan.Zero, $"{DjangoSessionSettings.SectionName}:ExpirySweepInterval: must be positive.")
            .Validate(s => s.EventResyncInterval > TimeSpan.Zero, $"{DjangoSessionSettings.SectionName}:EventResyncInterval: must be positive.")
            .ValidateOnStart();
        // Local subscribers plus whatever transports engine libraries registered (Redis pub/sub when the engine is redis).
        services.TryAddSingleton<InProcessSessionEventBus>();
        services.TryAddSingleton<ISessionEventBus, NodeSpanningSessionEventBus>();
        services.AddHostedService<SessionEventRelay>();
        services.AddSingleton<ISessionCatalog, TCatalog>();
        services.AddSingleton<SessionIdentity>();
        services.AddSingleton<SessionActivityThrottle>();
        services.AddSingleton<CatalogSaveDeferral>();
        services.AddScoped<SessionRequestClient>();
        services.AddScoped<SessionRevocation>();
        services.AddScoped<ISessionLifecycleObserver, CatalogLifecycleObserver>();
        services.AddSingleton<SessionExpiryWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<SessionExpiryWatcher>());
        return builder;
    }
}
