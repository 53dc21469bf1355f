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
        if (!settings.Enabled || settings.CleanupInterval is not { } interval)
        {
            return;
        }
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var removed = await scope.ServiceProvider.GetRequiredService<ISessionEngine>().ClearExpiredAsync(stoppingToken);
                SessionLog.ExpiredSessionsRemoved(logger, removed);
            }
            catch (NotSupportedException ex)
            {
                SessionLog.CleanupFailed(logger, ex);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                SessionLog.CleanupFailed(logger, ex);
            }
        }
    }
}
