using BlazorSessionDemo.Sessions.Engines.Db;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BlazorSessionDemo.Sessions.Engines;

/// <summary>Registers the <c>cache</c> and <c>cached_db</c> engines on <see cref="DjangoSessionBuilder"/>.</summary>
public static class CacheEngineRegistration
{
    /// <summary>Key of the in-process memory cache used when the app registered no <see cref="IDistributedCache"/>.</summary>
    private const string FallbackCacheServiceKey = "django.contrib.sessions.cache.locmem";

    /// <summary>
    /// The <c>cache</c> engine on the <see cref="IDistributedCache"/> named by <c>Session:CacheAlias</c> (a keyed
    /// service), or on the app's default one, or on a memory cache when the app registered none.
    /// </summary>
    public static DjangoSessionBuilder AddCacheEngine(this DjangoSessionBuilder builder)
    {
        AddSessionCache(builder.Services);
        return builder.AddEngine<CacheSessionEngine>(SessionEngineNames.Cache);
    }

    /// <summary>
    /// The <c>cached_db</c> engine: the db engine on <typeparamref name="TContext"/> (registered with
    /// <c>AddDbContextFactory</c>, as for <c>AddDbEngine</c>) behind the same cache as <see cref="AddCacheEngine"/>.
    /// </summary>
    public static DjangoSessionBuilder AddCachedDbEngine<TContext>(this DjangoSessionBuilder builder)
        where TContext : DbContext, ISessionDbContext
    {
        AddSessionCache(builder.Services);
        builder.Services.TryAddSingleton<DbSessionEngine<TContext>>();
        return builder.AddEngine<CachedDbSessionEngine<TContext>>(SessionEngineNames.CachedDb);
    }

    private static void AddSessionCache(IServiceCollection services)
    {
        // Chosen when first resolved, not now: an IDistributedCache the app registers after this call still wins,
        // and an app without one gets a private memory cache instead of one forced on the whole container.
        services.TryAddKeyedSingleton<IDistributedCache>(CacheSessionEngine.SessionCacheServiceKey, (sp, _) => ResolveCache(sp));
        services.TryAddKeyedSingleton<IDistributedCache>(FallbackCacheServiceKey, (sp, _) => new MemoryDistributedCache(
            Options.Create(new MemoryDistributedCacheOptions()), sp.GetRequiredService<ILoggerFactory>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DjangoSessionSettings>, CacheAliasValidator>());
    }

    private static IDistributedCache ResolveCache(IServiceProvider services)
    {
        var alias = services.GetRequiredService<IOptions<DjangoSessionSettings>>().Value.CacheAlias;
        return string.IsNullOrEmpty(alias)
            ? services.GetService<IDistributedCache>() ?? services.GetRequiredKeyedService<IDistributedCache>(FallbackCacheServiceKey)
            : services.GetRequiredKeyedService<IDistributedCache>(alias);
    }
}
