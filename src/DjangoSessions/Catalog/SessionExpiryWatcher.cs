using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DjangoSessions.Catalog;

/// <summary>
/// The one timer that notices expiry for the whole app (not one per circuit): every
/// <see cref="SessionCatalogSettings.ExpirySweepInterval"/> it takes the sessions past their expiry date off the catalog
/// along its expire_date index and announces each as expired, so open pages of those sessions leave within the interval.
/// Each tick first writes the saves that waited (<see cref="CatalogSaveDeferral"/>). On its first tick it drops entries
/// the running engine can't have (another engine's, or all of an in-memory cache's after a restart).
/// </summary>
internal sealed class SessionExpiryWatcher(
    ISessionEngine engine,
    ISessionCatalog catalog,
    SessionActivityThrottle throttle,
    CatalogSaveDeferral deferral,
    IOptions<DjangoSessionSettings> sessionSettings,
    IOptions<SessionCatalogSettings> catalogSettings,
    TimeProvider time,
    ILogger<SessionExpiryWatcher> logger) : BackgroundService
{
    private bool _reset;

    /// <summary>Resets before the server takes requests, when the database is ready (else on the first tick).</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (sessionSettings.Value.Enabled)
        {
            await ResetAsync(cancellationToken);
        }
        await base.StartAsync(cancellationToken);
    }

    /// <summary>After the last tick: every save still waiting is written, so a restart loses no expiry.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await deferral.FlushAsync(catalog, all: true, cancellationToken);
        }
        catch (Exception ex)
        {
            // Cancelled too (the host's shutdown timeout): a stop that fails loses more than the saves still waiting.
            SessionCatalogLog.FlushOnStopFailed(logger, ex);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!sessionSettings.Value.Enabled)
        {
            return;
        }
        using var timer = new PeriodicTimer(catalogSettings.Value.ExpirySweepInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await SweepAsync(stoppingToken);
        }
    }

    /// <summary>One tick: the reset (until it has worked once), then the expired sessions.</summary>
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        if (!_reset && !await ResetAsync(cancellationToken))
        {
            return;
        }
        try
        {
            // Saves that waited go first, so no entry is taken for expired while a later expiry waits in memory.
            await deferral.FlushAsync(catalog, all: false, cancellationToken);
            var expired = await catalog.RemoveExpiredAsync(cancellationToken);
            if (expired > 0)
            {
                SessionCatalogLog.ExpiredRemoved(logger, expired);
            }
            throttle.Prune();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            SessionCatalogLog.SweepFailed(logger, ex);
        }
    }

    private async Task<bool> ResetAsync(CancellationToken cancellationToken)
    {
        try
        {
            var name = sessionSettings.Value.Engine;
            // Decided by what the store is (an in-process cache forgets on restart; one pointed at Redis does not), not by its name.
            var removed = await catalog.ResetAsync(name, !engine.Traits.SurvivesRestart, cancellationToken);
            SessionCatalogLog.ResetOnStart(logger, removed, name);
            _reset = true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            SessionCatalogLog.ResetFailed(logger, ex);
        }
        return _reset;
    }
}
