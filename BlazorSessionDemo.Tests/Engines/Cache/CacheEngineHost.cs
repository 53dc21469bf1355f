using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BlazorSessionDemo.Tests.Engines.Cache;

/// <summary>
/// A generic host wired the way an app wires the cache engines: <c>AddDjangoSessions(...)</c> plus
/// <c>AddCacheEngine()</c> / <c>AddCachedDbEngine&lt;FrameworkDbContext&gt;()</c>, with the caller adding its own caches.
/// Sessions are built from the container exactly as the middleware builds them.
/// </summary>
public sealed class CacheEngineHost : IDisposable
{
    public const string Secret = "cache-engine-tests-only-secret-0123456789-abcdef";

    private readonly IHost _host;

    private CacheEngineHost(IHost host, FrameworkDatabase database, FakeTimeProvider time)
    {
        _host = host;
        Database = database;
        Time = time;
    }

    public FrameworkDatabase Database { get; }

    public FakeTimeProvider Time { get; }

    public CapturingLoggerProvider Logs { get; } = new();

    public IServiceProvider Services => _host.Services;

    /// <param name="engine">Session:Engine.</param>
    /// <param name="settings">More Session:* settings, e.g. CacheAlias.</param>
    /// <param name="configure">The app's own registrations (its IDistributedCache, keyed caches), after the engines.</param>
    public static CacheEngineHost Build(string engine, Dictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configure = null)
    {
        var database = new FrameworkDatabase();
        // Real now: a Redis-backed cache counts time to live on its own clock.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Session:SecretKey"] = Secret,
            ["Session:Engine"] = engine,
        });
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddDbContextFactory<FrameworkDbContext>(o => o.UseSqlite(database.ConnectionString));
        builder.Services.AddDjangoSessions(builder.Configuration.GetSection(DjangoSessionSettings.SectionName))
            .AddCacheEngine()
            .AddCachedDbEngine<FrameworkDbContext>();
        configure?.Invoke(builder.Services);
        var host = new CacheEngineHost(builder.Build(), database, time);
        host.Services.GetRequiredService<ILoggerFactory>().AddProvider(host.Logs);
        return host;
    }

    /// <summary>The configured engine, resolved as the middleware resolves it (scoped, by Session:Engine).</summary>
    public ISessionEngine Engine
    {
        get
        {
            using var scope = Services.CreateScope();
            return scope.ServiceProvider.GetRequiredService<ISessionEngine>();
        }
    }

    /// <summary>A request's session on the configured engine; loaded.</summary>
    public async Task<DjangoSession> LoadSessionAsync(string? sessionKey = null)
    {
        var settings = Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DjangoSessionSettings>>().Value;
        var session = new DjangoSession(Engine, settings, Time, sessionKey);
        await session.LoadAsync();
        return session;
    }

    public void Dispose()
    {
        _host.Dispose();
        Database.Dispose();
    }
}
