using DjangoSessions.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorSessionDemo.Tests.AdminSessions;

/// <summary>
/// The EF catalog over a real database (a SQLite file of its own, or the contexts given: PostgreSQL), on a fake clock,
/// with every event it announces recorded.
/// </summary>
public sealed class CatalogTestBed : IDisposable
{
    private readonly ServiceProvider? _services;
    private readonly IDisposable _recording;
    private readonly FrameworkDatabase? _database;

    public CatalogTestBed()
        : this(null)
    {
    }

    /// <summary>On <paramref name="contexts"/> (tables already there and empty), or on a new SQLite file when null.</summary>
    public CatalogTestBed(IDbContextFactory<FrameworkDbContext>? contexts)
    {
        if (contexts is null)
        {
            _database = new FrameworkDatabase();
            var connectionString = _database.ConnectionString;
            _services = new ServiceCollection()
                .AddDbContextFactory<FrameworkDbContext>(o => o.UseSqlite(connectionString))
                .BuildServiceProvider();
            contexts = _services.GetRequiredService<IDbContextFactory<FrameworkDbContext>>();
        }
        Events = new InProcessSessionEventBus(NullLogger<InProcessSessionEventBus>.Instance);
        Catalog = new EfSessionCatalog<FrameworkDbContext>(contexts, Events, Time);
        _recording = Events.Subscribe(e => { lock (Announced) { Announced.Add(e); } });
    }

    /// <summary>The SQLite file (only for a bed made without contexts).</summary>
    public FrameworkDatabase Database => _database ?? throw new InvalidOperationException("This bed runs on the contexts it was given.");

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));

    public ISessionEventBus Events { get; }

    internal EfSessionCatalog<FrameworkDbContext> Catalog { get; }

    public List<SessionEvent> Announced { get; } = [];

    public static SessionClientInfo Chrome { get; } = new("203.0.113.7",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36");

    /// <summary>Records a created session of <paramref name="userId"/> that expires <paramref name="expiresIn"/> from now.</summary>
    public Task CreateAsync(string sessionId, string? userId, TimeSpan expiresIn, string engine = "db", string? userName = null) =>
        Catalog.RecordSaveAsync(new SessionSaveRecord(sessionId, sessionId, engine, userId, Time.GetUtcNow() + expiresIn, Created: true, Chrome, userName));

    public void Dispose()
    {
        _recording.Dispose();
        _services?.Dispose();
        _database?.Dispose();
    }
}
