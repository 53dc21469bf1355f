using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DjangoSessions.Engines;

/// <summary>Registers the <c>cache</c> engine (and the session cache that <c>cached_db</c> shares) on <see cref="DjangoSessionBuilder"/>.</summary>
public static class CacheEngineRegistration
{
    /// <summary>Key of the in-process memory cache used when the app registered no <see cref="IDistributedCache"/>.</summary>
    internal const string FallbackCacheServiceKey = "django.contrib.sessions.cache.locmem";

    /// <summary>
    /// The <c>cache</c> engine on the <see cref="IDistributedCache"/> named by <c>Session:CacheAlias</c> (a keyed
    /// service), or on the app's default one, or on a memory cache when the app registered none.
    /// </summary>
    public static DjangoSessionBuilder AddCacheEngine(this DjangoSessionBuilder builder)
    {
        AddSessionCache(builder.Services);
        return builder.AddEngine<CacheSessionEngine>(SessionEngineNames.Cache);
    }

    internal static void AddSessionCache(IServiceCollection services)
    {
        // Chosen when first resolved, not now: an IDistributedCache the app registers after this call still wins,
        // and an app without one gets a private memory cache instead of one forced on the whole container.
        services.TryAddKeyedSingleton<IDistributedCache>(CacheSessionEngine.SessionCacheServiceKey, (sp, _) => ResolveCache(sp));
        services.TryAddKeyedSingleton<IDistributedCache>(FallbackCacheServiceKey, (sp, _) => new MemoryDistributedCache(
            Options.Create(new MemoryDistributedCacheOptions()), sp.GetRequiredService<ILoggerFactory>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DjangoSessionSettings>, CacheAliasValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DjangoSessionSettings>, PerProcessCacheValidator>());
    }

    private static IDistributedCache ResolveCache(IServiceProvider services)
    {
        var alias = services.GetRequiredService<IOptions<DjangoSessionSettings>>().Value.Cache.CacheAlias;
        return string.IsNullOrEmpty(alias)
            ? services.GetService<IDistributedCache>() ?? services.GetRequiredKeyedService<IDistributedCache>(FallbackCacheServiceKey)
            : services.GetRequiredKeyedService<IDistributedCache>(alias);
    }
}
