using DjangoSessions.Catalog;
using DjangoSessions.Concurrency;
using DjangoSessions.Lifecycle;
using DjangoSessions.Http;
using DjangoSessions.Metrics;
using DjangoSessions.Signing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DjangoSessions;

/// <summary>Adds Django's session framework to an app: <c>services.AddDjangoSessions(...)</c>, then <c>app.UseDjangoSessions()</c>.</summary>
public static class DjangoSessionServiceCollectionExtensions
{
    /// <summary>
    /// Django's session framework: settings bound from <paramref name="section"/> (validated on start), the signed
    /// data codec, the engine chosen by <c>Session:Engine</c>, and the optional cleanup job. Add engines on the builder.
    /// </summary>
    public static DjangoSessionBuilder AddDjangoSessions(this IServiceCollection services, IConfiguration section)
    {
        var registry = new SessionEngineRegistry();
        services.AddSingleton(registry);
        services.AddOptions<DjangoSessionSettings>().Configure(settings => settings.BindFrom(section))
            .PostConfigure<IHostEnvironment, ILoggerFactory>((settings, environment, loggers) => settings.Secrets.GeneratedSecretKey =
                new Lazy<string>(() => SessionSecretKey.Resolve(settings, environment, loggers.CreateLogger(SessionDataCodec.SecurityLogCategory))))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DjangoSessionSettings>, DjangoSessionSettingsValidator>();
        services.AddOptions<CookieNameCaseSettings>()
            .Configure<IOptions<DjangoSessionSettings>>((guard, session) => guard.Names.Add(session.Value.Cookie.CookieName));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<DjangoSessionSettings>>().Value;
            var loggers = sp.GetRequiredService<ILoggerFactory>();
            var secret = settings.Secrets.EffectiveSecretKey!;
            var signer = new DjangoSigner(secret, settings.Secrets.SecretKeyFallbacks, SessionDataCodec.Salt, sp.GetRequiredService<TimeProvider>());
            // Django 3.2 still reads pre-3.1 session data; so does every engine here (read only).
            return new SessionDataCodec(signer, loggers, new LegacySessionHash(secret, settings.Secrets.SecretKeyFallbacks));
        });
        services.AddMetrics();
        services.TryAddSingleton<SessionStoreMetrics>();
        // One engine: the one Session:Engine names. Catalog, metrics and events observe SessionLifecycle instead of
        // wrapping it, so its capabilities (GetFeature, Traits) reach every caller as the engine declares them.
        services.AddSingleton(sp => sp.GetRequiredKeyedService<ISessionEngine>(sp.GetRequiredService<IOptions<DjangoSessionSettings>>().Value.Engine));
        services.AddSingleton(sp => SessionWriteLocks.For(sp.GetRequiredService<ISessionEngine>()));
        services.AddSingleton<SessionLifecycleSource>();
        services.AddScoped(sp => sp.GetRequiredService<SessionLifecycleSource>().Create(sp));
        services.AddScoped<DjangoSessionFactory>();
        // The timed cleanup runs on the node holding the cleanup lease: the one registered for the engine in use
        // (redis: a Redis lock), else the one for any engine (the EF Core lease row), else this process's own.
        services.TryAddSingleton<InProcessSessionCleanupLease>();
        services.TryAddSingleton(sp => new LeasedSessionCleanup(sp.GetRequiredService<IServiceScopeFactory>(), CleanupLeaseFor(sp),
            sp.GetRequiredService<IOptions<DjangoSessionSettings>>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<LeasedSessionCleanup>>()));
        services.AddHostedService<SessionCleanupService>();
        return new DjangoSessionBuilder(services, section, registry);
    }

    private static ISessionCleanupLease CleanupLeaseFor(IServiceProvider services) =>
        services.GetKeyedService<ISessionCleanupLease>(services.GetRequiredService<IOptions<DjangoSessionSettings>>().Value.Engine)
        ?? services.GetKeyedService<ISessionCleanupLease>(DjangoSessionBuilder.AnyEngine)
        ?? services.GetRequiredService<InProcessSessionCleanupLease>();

    /// <summary>
    /// Adds the session middleware, unless <c>Session:Enabled</c> is false; before it, always, the guard that drops
    /// case twins of the app's cookie names (<see cref="CookieNameCaseSettings"/>) from the request. Call it before
    /// anything that reads cookies (antiforgery, authentication).
    /// </summary>
    public static IApplicationBuilder UseDjangoSessions(this IApplicationBuilder app)
    {
        app.UseMiddleware<CookieNameCaseGuard>();
        var settings = app.ApplicationServices.GetRequiredService<IOptions<DjangoSessionSettings>>().Value;
        if (!settings.Enabled)
        {
            return app;
        }
        app.UseMiddleware<DjangoSessionMiddleware>();
        // With a session catalog: request client and activity, inside the session middleware so the session is loaded.
        return app.ApplicationServices.GetService<ISessionCatalog>() is null ? app : app.UseMiddleware<SessionActivityMiddleware>();
    }
}
