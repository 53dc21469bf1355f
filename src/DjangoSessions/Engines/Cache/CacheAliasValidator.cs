using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DjangoSessions.Engines;

/// <summary>
/// Checks on start that <c>Session:CacheAlias</c> names a registered keyed <see cref="IDistributedCache"/> when a cache
/// engine is selected, so a typo stops the app with one clear line instead of failing the first request.
/// </summary>
internal sealed class CacheAliasValidator(IServiceProviderIsKeyedService services) : IValidateOptions<DjangoSessionSettings>
{
    public ValidateOptionsResult Validate(string? name, DjangoSessionSettings options)
    {
        var alias = options.Cache.CacheAlias;
        if (string.IsNullOrEmpty(alias) || options.Engine is not (SessionEngineNames.Cache or SessionEngineNames.CachedDb))
        {
            return ValidateOptionsResult.Success;
        }
        return services.IsKeyedService(typeof(IDistributedCache), alias)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"Session:CacheAlias '{alias}' names no keyed IDistributedCache service. Register one " +
                $"(AddKeyedSingleton<IDistributedCache>(\"{alias}\", ...)) or leave Session:CacheAlias empty for the default cache.");
    }
}
