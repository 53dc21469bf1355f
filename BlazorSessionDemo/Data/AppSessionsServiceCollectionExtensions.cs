using DjangoSessions;
using DjangoSessions.Engines;
using DjangoSessions.EntityFrameworkCore;
using DjangoSessions.Redis;

namespace BlazorSessionDemo.Data;

public static class AppSessionsServiceCollectionExtensions
{
    /// <summary>
    /// The app's sessions: the <c>Session</c> section and every engine Django offers (db, cached_db and the signed-cookie
    /// ledger over <see cref="AppDbContext"/>), so <c>Session:Engine</c> alone picks one. The app and the micro
    /// benchmarks (bench/Micro) register the same thing.
    /// </summary>
    public static DjangoSessionBuilder AddAppSessions(this IServiceCollection services, IConfiguration configuration) =>
        services.AddDjangoSessions(configuration.GetSection(DjangoSessionSettings.SectionName))
            .AddDbEngine<AppDbContext>()
            .AddCacheEngine()
            .AddCachedDbEngine<AppDbContext>()
            .AddFileEngine()
            .AddSignedCookiesEngine<AppDbContext>()
            .AddRedisEngine()
            // The timed cleanup's lease: a row in the shared database, except on redis (a lock there).
            .AddDbCleanupLease<AppDbContext>();
}
