using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BlazorSessionDemo.Sessions.Catalog;

public static class SessionCatalogBuilderExtensions
{
    /// <summary>
    /// The session catalog in <typeparamref name="TContext"/>'s <c>session_catalog</c> table (registered with
    /// <c>AddDbContextFactory</c>, migrations applied): every engine's sessions recorded as they are saved, touched and
    /// deleted, <see cref="SessionEvents"/> for live pages, one expiry sweep, and <see cref="SessionRevocation"/>.
    /// Settings <c>Session:UserIdKey</c>, <c>Session:ActivityInterval</c>, <c>Session:ExpirySweepInterval</c>.
    /// </summary>
    public static DjangoSessionBuilder AddSessionCatalog<TContext>(this DjangoSessionBuilder builder)
        where TContext : DbContext, ISessionCatalogDbContext
    {
        var services = builder.Services;
        services.AddOptions<SessionCatalogSettings>().BindConfiguration(DjangoSessionSettings.SectionName)
            .Validate(s => !string.IsNullOrWhiteSpace(s.UserIdKey), $"{DjangoSessionSettings.SectionName}:UserIdKey: must not be empty.")
            .Validate(s => s.ActivityInterval >= TimeSpan.Zero, $"{DjangoSessionSettings.SectionName}:ActivityInterval: must not be negative.")
            .Validate(s => s.ExpirySweepInterval > TimeSpan.Zero, $"{DjangoSessionSettings.SectionName}:ExpirySweepInterval: must be positive.")
            .ValidateOnStart();
        services.AddSingleton<SessionEvents>();
        services.AddSingleton<ISessionCatalog, EfSessionCatalog<TContext>>();
        services.AddSingleton<SessionIdentity>();
        services.AddSingleton<SessionActivityThrottle>();
        services.AddScoped<SessionRequestClient>();
        services.AddScoped<SessionRevocation>();
        services.AddScoped<ISessionEngineDecorator, CatalogDecorator>();
        services.AddSingleton<SessionExpiryWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<SessionExpiryWatcher>());
        return builder;
    }

    private sealed class CatalogDecorator(
        ISessionCatalog catalog,
        SessionActivityThrottle throttle,
        SessionRequestClient client,
        IOptions<DjangoSessionSettings> sessionSettings,
        IOptions<SessionCatalogSettings> catalogSettings,
        ILogger<CatalogingSessionEngine> logger) : ISessionEngineDecorator
    {
        public ISessionEngine Decorate(ISessionEngine engine) => engine is ISessionRecordReader
            ? new CatalogingRecordReaderSessionEngine(engine, sessionSettings.Value.Engine, catalog, throttle, client, catalogSettings.Value, logger)
            : new CatalogingSessionEngine(engine, sessionSettings.Value.Engine, catalog, throttle, client, catalogSettings.Value, logger);
    }
}
