using DjangoSessions.Lifecycle;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DjangoSessions;

/// <summary>Runs clearsessions every <c>Session:CleanupInterval</c> (off by default, as Django leaves it to cron).</summary>
internal sealed class SessionCleanupService(
    IServiceScopeFactory scopes,
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
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<SessionLifecycle>().ClearExpiredAsync(stoppingToken);
                if (result.FromEngine is not { } removed)
                {
                    SessionLog.CleanupFailed(logger, new NotSupportedException($"Session engine '{settings.Engine}' can't list its expired sessions."));
                    return;
                }
                SessionLog.ExpiredSessionsRemoved(logger, removed);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                SessionLog.CleanupFailed(logger, ex);
            }
        }
    }
}
