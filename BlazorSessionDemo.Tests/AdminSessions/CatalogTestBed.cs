using DjangoSessions.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorSessionDemo.Tests.AdminSessions;

/// <summary>The EF catalog over a real migrated SQLite file, on a fake clock, with every event it announces recorded.</summary>
public sealed class CatalogTestBed : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly IDisposable _recording;

    public CatalogTestBed()
    {
        _services = new ServiceCollection()
            .AddDbContextFactory<FrameworkDbContext>(o => o.UseSqlite(Database.ConnectionString))
            .BuildServiceProvider();
        Events = new InProcessSessionEventBus(NullLogger<InProcessSessionEventBus>.Instance);
        Catalog = new EfSessionCatalog<FrameworkDbContext>(_services.GetRequiredService<IDbContextFactory<FrameworkDbContext>>(), Events, Time);
        _recording = Events.Subscribe(e => { lock (Announced) { Announced.Add(e); } });
    }

    public FrameworkDatabase Database { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));

    public ISessionEventBus Events { get; }

    internal EfSessionCatalog<FrameworkDbContext> Catalog { get; }

    public List<SessionEvent> Announced { get; } = [];

    public static SessionClientInfo Chrome { get; } = new("203.0.113.7",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36");

    /// <summary>Records a created session of <paramref name="userId"/> that expires <paramref name="expiresIn"/> from now.</summary>
    public Task CreateAsync(string sessionId, string? userId, TimeSpan expiresIn, string engine = "db") =>
        Catalog.RecordSaveAsync(new SessionSaveRecord(sessionId, sessionId, engine, userId, Time.GetUtcNow() + expiresIn, Created: true, Chrome));

    public void Dispose()
    {
        _recording.Dispose();
        _services.Dispose();
        Database.Dispose();
    }
}
