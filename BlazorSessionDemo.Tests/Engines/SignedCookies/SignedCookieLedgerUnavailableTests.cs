using Microsoft.Extensions.Diagnostics.HealthChecks;
using DjangoSessions.Engines.SignedCookies;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorSessionDemo.Tests.Engines.SignedCookies;

/// <summary>
/// A ledger that can't be read or written is "store unavailable" (the middleware's 503), never "not revoked": a
/// logged-out cookie must not load because the database was down.
/// </summary>
public sealed class SignedCookieLedgerUnavailableTests : IDisposable
{
    private readonly SignedCookieTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task Load_WhenTheLedgerDatabaseIsMissing_ThrowsStoreUnavailable()
    {
        var cookie = (await _bed.SaveNewAsync(("user_id", 1))).SessionKey!;
        var engine = EngineOver($"Data Source={Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "gone.db")};Mode=ReadOnly");

        var error = await Assert.ThrowsAsync<SessionStoreUnavailableException>(() => engine.LoadAsync(cookie));

        Assert.Equal(SessionEngineNames.SignedCookies, error.Engine);
    }

    [Fact]
    public async Task Delete_WhenTheLedgerDatabaseIsReadOnly_ThrowsStoreUnavailable_AndTheCookieIsNotRevoked()
    {
        var cookie = (await _bed.SaveNewAsync(("user_id", 1))).SessionKey!;
        var engine = EngineOver($"Data Source={_bed.DatabasePath};Mode=ReadOnly");

        await Assert.ThrowsAsync<SessionStoreUnavailableException>(() => engine.DeleteAsync(cookie));

        // Nothing was written, so logout must be retried: the middleware's 503 says so instead of a fake success.
        Assert.NotNull(await _bed.Engine.LoadAsync(cookie));
    }

    [Fact]
    public async Task HealthCheck_ProbesTheLedger_UnhealthyWhenItsDatabaseIsMissing()
    {
        var settings = Options.Create(new DjangoSessionSettings { Engine = SessionEngineNames.SignedCookies });
        var healthy = new SessionStoreHealthCheck(_bed.Engine, settings);
        var broken = new SessionStoreHealthCheck(
            EngineOver($"Data Source={Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "gone.db")};Mode=ReadOnly"), settings);

        Assert.Equal(HealthStatus.Healthy, (await healthy.CheckHealthAsync(new HealthCheckContext())).Status);
        Assert.Equal(HealthStatus.Unhealthy, (await broken.CheckHealthAsync(new HealthCheckContext())).Status);
    }

    private SignedCookieSessionEngine EngineOver(string connectionString) =>
        new(new RevocationLedger<FrameworkDbContext>(
                new PooledDbContextFactory<FrameworkDbContext>(new DbContextOptionsBuilder<FrameworkDbContext>().UseSqlite(connectionString).Options),
                _bed.Time, Options.Create(_bed.Settings)),
            new SignedCookieCodec(SignedCookieTestBed.Secret, [], _bed.Time, NullLoggerFactory.Instance),
            _bed.Time, Options.Create(_bed.Settings));
}
