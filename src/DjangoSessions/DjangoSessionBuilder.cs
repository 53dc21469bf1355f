using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DjangoSessions;

/// <summary>Registers storage engines after <see cref="DjangoSessionServiceCollectionExtensions.AddDjangoSessions"/>.</summary>
public sealed class DjangoSessionBuilder
{
    private readonly SessionEngineRegistry _registry;

    internal DjangoSessionBuilder(IServiceCollection services, IConfiguration configuration, SessionEngineRegistry registry)
    {
        Services = services;
        Configuration = configuration;
        _registry = registry;
    }

    /// <summary>The services the framework was added to, for engine registrations.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// The <c>Session</c> section the framework binds from: an engine library binds its own settings from it (the redis
    /// engine its <c>Redis</c> subsection), so each group of settings is owned by the code that reads it.
    /// </summary>
    public IConfiguration Configuration { get; }

    /// <summary>The key of a cleanup lease registered for every engine that has none of its own.</summary>
    public const string AnyEngine = "*";

    /// <summary>
    /// Registers the <see cref="Lifecycle.ISessionCleanupLease"/> the timed cleanup takes when <c>Session:Engine</c> is
    /// <paramref name="engine"/>, or, with null, for every engine without a lease of its own. Without any, the lease is
    /// in-process (one node). A later registration for the same engine replaces an earlier one.
    /// </summary>
    public DjangoSessionBuilder AddCleanupLease<TLease>(string? engine = null) where TLease : class, Lifecycle.ISessionCleanupLease
    {
        Services.AddKeyedSingleton<Lifecycle.ISessionCleanupLease, TLease>(engine ?? AnyEngine);
        return this;
    }

    /// <summary>Adds an engine under a <c>Session:Engine</c> name; the engine is a singleton.</summary>
    public DjangoSessionBuilder AddEngine<TEngine>(string name) where TEngine : class, ISessionEngine
    {
        _registry.Add(name);
        Services.AddKeyedSingleton<ISessionEngine, TEngine>(name);
        return this;
    }
}
