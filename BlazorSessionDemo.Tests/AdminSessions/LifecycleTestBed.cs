using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using DjangoSessions.Lifecycle;
using DjangoSessions.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BlazorSessionDemo.Tests.AdminSessions;

/// <summary>
/// <see cref="SessionLifecycle"/> as the container builds it for a request (its internal constructor: the engine's
/// write locks, the registered observers, the store metrics, its logger), on a real engine (the db engine on a real
/// SQLite file, the cache engine on its in-memory cache, or signed_cookies with its ledger in that file), with the store counters read through a real
/// <see cref="MeterListener"/> on the real <c>DjangoSessions</c> meter and every log line captured.
/// </summary>
public sealed class LifecycleTestBed : IDisposable
{
    public const string Secret = "lifecycle-tests-only-secret-0123456789-abcdefgh";

    private readonly IHost _host;
    private readonly FrameworkDatabase _database = new();
    private readonly IServiceScope _scope;

    /// <param name="engine">Session:Engine: db (compares and swaps), cache (can't) or signed_cookies (a new key per save).</param>
    /// <param name="observers">Registered as the app's <see cref="ISessionLifecycleObserver"/>s, in this order.</param>
    public LifecycleTestBed(string engine = SessionEngineNames.Db, params ISessionLifecycleObserver[] observers)
        : this(engine, services =>
        {
            foreach (var observer in observers)
            {
                services.AddSingleton(observer);
            }
        })
    {
    }

    /// <param name="engine">Session:Engine, as above.</param>
    /// <param name="configure">More of the app's services (observers with another lifetime, say).</param>
    public LifecycleTestBed(string engine, Action<IServiceCollection> configure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Session:SecretKey"] = Secret,
            ["Session:Engine"] = engine,
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(Logs);
        builder.Services.AddSingleton<TimeProvider>(Time);
        var connectionString = _database.ConnectionString;
        builder.Services.AddDbContextFactory<FrameworkDbContext>(o => o.UseSqlite(connectionString));
        builder.Services.AddDjangoSessions(builder.Configuration.GetSection(DjangoSessionSettings.SectionName))
            .AddDbEngine<FrameworkDbContext>()
            .AddCacheEngine()
            .AddSignedCookiesEngine<FrameworkDbContext>();
        configure(builder.Services);
        _host = builder.Build();
        Counts = new SessionStoreTotals(_host.Services.GetRequiredService<IMeterFactory>());
        _scope = _host.Services.CreateScope();
        Lifecycle = _scope.ServiceProvider.GetRequiredService<SessionLifecycle>();
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));

    public CapturingLoggerProvider Logs { get; } = new();

    /// <summary>The store operations counted on this host's meter since it started or the last reset.</summary>
    public SessionStoreTotals Counts { get; }

    /// <summary>The app's services.</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>The lifecycle of one request scope.</summary>
    public SessionLifecycle Lifecycle { get; }

    /// <summary>A day from now: when a session saved here expires.</summary>
    public DateTimeOffset Tomorrow => Time.GetUtcNow().AddDays(1);

    /// <summary>A new session with <paramref name="data"/>, created through the lifecycle; the counters start from zero after it.</summary>
    public async Task<string> CreateSessionAsync(JsonObject? data = null)
    {
        var key = await Lifecycle.SaveAsync(SessionKeys.Generate(), data ?? new JsonObject { ["user"] = "alice" }, Tomorrow,
            mustCreate: true, CancellationToken.None);
        Counts.Reset();
        return key;
    }

    public void Dispose()
    {
        Counts.Dispose();
        _scope.Dispose();
        _host.Dispose();
        _database.Dispose();
    }
}

/// <summary>An observer that keeps what it heard (the catalog and the event bus are observers like it).</summary>
public sealed class RecordingLifecycleObserver : ISessionLifecycleObserver
{
    public List<SessionSaved> Saved { get; } = [];

    public List<SessionEnded> Ended { get; } = [];

    public Task OnSavedAsync(SessionSaved saved, CancellationToken cancellationToken)
    {
        lock (Saved) { Saved.Add(saved); }
        return Task.CompletedTask;
    }

    public Task OnEndedAsync(SessionEnded ended, CancellationToken cancellationToken)
    {
        lock (Ended) { Ended.Add(ended); }
        return Task.CompletedTask;
    }

    public Task<int> OnClearExpiredAsync(CancellationToken cancellationToken) => Task.FromResult(0);
}
