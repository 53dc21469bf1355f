using DjangoSessions.Engines.SignedCookies;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;

namespace BlazorSessionDemo.Tests.Engines.SignedCookies;

/// <summary>
/// The signed_cookies engine over a real SQLite file (the app's migrations, so the real <c>revoked_sessions</c> table),
/// a fake clock, settings a test may change, and a capturing log for the security warnings.
/// </summary>
public sealed class SignedCookieTestBed : IDisposable
{
    public const string Secret = "signed-cookie-tests-only-secret-0123456789-abcdef";

    private readonly FrameworkDatabase _database = new();
    private readonly LoggerFactory _loggers;
    private readonly List<IDisposable> _ledgers = [];

    public SignedCookieTestBed(DateTimeOffset? start = null)
    {
        Time = new FakeTimeProvider(start ?? new DateTimeOffset(2026, 3, 4, 12, 0, 0, TimeSpan.Zero));
        Contexts = new PooledDbContextFactory<FrameworkDbContext>(
            new DbContextOptionsBuilder<FrameworkDbContext>().UseSqlite(_database.ConnectionString).Options);
        _loggers = new LoggerFactory([Logs]);
        Engine = CreateEngine(Secret);
    }

    public FakeTimeProvider Time { get; }

    public DjangoSessionSettings Settings { get; } = new() { Secrets = { SecretKey = Secret } };

    public CapturingLoggerProvider Logs { get; } = new();

    public IDbContextFactory<FrameworkDbContext> Contexts { get; }

    internal SignedCookieSessionEngine Engine { get; }

    public string DatabasePath => _database.Path;

    public IEnumerable<CapturedLog> SecurityWarnings =>
        Logs.Entries.Where(e => e.Category == SessionDataCodec.SecurityLogCategory && e.Level == LogLevel.Warning);

    internal SignedCookieSessionEngine CreateEngine(string secret, params string[] fallbacks) =>
        new(CreateLedger(), new SignedCookieCodec(secret, fallbacks, Time, _loggers), Time, Options.Create(Settings));

    /// <summary>A ledger over this bed's database, as another node sharing it would have; its kept connections close with the bed.</summary>
    internal RevocationLedger<FrameworkDbContext> CreateLedger()
    {
        var ledger = new RevocationLedger<FrameworkDbContext>(Contexts, Time, Options.Create(Settings));
        _ledgers.Add(ledger);
        return ledger;
    }

    public DjangoSession NewSession(string? cookie = null) => new(Engine, Settings, Time, cookie);

    public async Task<DjangoSession> LoadAsync(string? cookie)
    {
        var session = NewSession(cookie);
        await session.LoadAsync();
        return session;
    }

    /// <summary>A new session holding <paramref name="items"/>, saved; its key is the cookie value.</summary>
    public async Task<DjangoSession> SaveNewAsync(params (string Key, object? Value)[] items)
    {
        var session = await LoadAsync(null);
        foreach (var (key, value) in items)
        {
            session.Set(key, value);
        }
        await session.SaveAsync();
        return session;
    }

    public async Task<List<RevokedSession>> RevokedRowsAsync()
    {
        await using var db = _database.CreateContext();
        return await db.RevokedSessions.AsNoTracking().OrderBy(r => r.ExpireDate).ToListAsync();
    }

    public void Dispose()
    {
        _ledgers.ForEach(l => l.Dispose());
        _loggers.Dispose();
        _database.Dispose();
    }
}
