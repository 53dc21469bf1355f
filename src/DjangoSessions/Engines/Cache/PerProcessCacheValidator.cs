using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DjangoSessions.Engines;

/// <summary>
/// Stops a node of several (<c>Session:MultipleNodes</c>) from starting the <c>cache</c> engine on an in-process memory
/// cache: each node would keep its own sessions, so a login on one node would be unknown on the next request's node and
/// a logout would end it on one node only. Django's docs say the same of locmem ("not a good choice for production ...
/// each process has its own private cache"). cached_db may run so: its database is shared, and its per-node cache
/// entries are dropped when another node saves or ends the session.
/// </summary>
internal sealed class PerProcessCacheValidator(IServiceProvider services) : IValidateOptions<DjangoSessionSettings>
{
    public ValidateOptionsResult Validate(string? name, DjangoSessionSettings options)
    {
        if (!options.MultipleNodes || options.Engine != SessionEngineNames.Cache)
        {
            return ValidateOptionsResult.Success;
        }
        // Resolved as CacheEngineRegistration does, but from the options being validated (reading IOptions here would
        // recurse into this validation). An alias that names nothing is CacheAliasValidator's error.
        var alias = options.Cache.CacheAlias;
        var cache = string.IsNullOrEmpty(alias)
            ? services.GetService<IDistributedCache>() ?? services.GetKeyedService<IDistributedCache>(CacheEngineRegistration.FallbackCacheServiceKey)
            : services.GetKeyedService<IDistributedCache>(alias);
        return cache is MemoryDistributedCache
            ? ValidateOptionsResult.Fail(
                "Session:Engine 'cache' keeps sessions in this process's memory, but Session:MultipleNodes says this app is one of " +
                "several nodes: a login on one node would be unknown to the others. Use the redis, db or cached_db engine, or " +
                "register a shared IDistributedCache (e.g. Redis) and name it in Session:CacheAlias.")
            : ValidateOptionsResult.Success;
    }
}
