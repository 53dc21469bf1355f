using DjangoSessions.Lifecycle;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DjangoSessions;

/// <summary>
/// Runs clearsessions every <c>Session:CleanupInterval</c> (off by default, as Django leaves it to cron), on whichever
/// node holds the cleanup lease (<see cref="LeasedSessionCleanup"/>); releases the lease when the node stops.
/// </summary>
internal sealed class SessionCleanupService(
    LeasedSessionCleanup cleanup,
    IOptions<DjangoSessionSettings> options,
    TimeProvider time,
    ILogger<SessionCleanupService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled || settings.Cleanup.CleanupInterval is not { } interval)
        {
            return;
        }
        try
        {
            using var timer = new PeriodicTimer(interval, time);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var run = await cleanup.RunOnceAsync(stoppingToken);
                    if (run.Outcome == SessionCleanupOutcome.Unsupported)
                    {
                        SessionLog.CleanupFailed(logger, new NotSupportedException($"Session engine '{settings.Engine}' can't list its expired sessions."));
                        return;
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    SessionLog.CleanupFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            await ReleaseAsync();
        }
    }

    // Another node can take over at its next tick instead of waiting for the lease to run out.
    private async Task ReleaseAsync()
    {
        try
        {
            using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await cleanup.ReleaseAsync(bounded.Token);
        }
        catch (Exception ex)
        {
            SessionLog.CleanupFailed(logger, ex);
        }
    }
}
