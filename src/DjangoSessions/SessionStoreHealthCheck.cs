using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace DjangoSessions;

/// <summary>Reports whether the configured session store answers a round trip (an <c>exists</c> of a random key).</summary>
public sealed class SessionStoreHealthCheck(ISessionEngine engine, IOptions<DjangoSessionSettings> settings) : IHealthCheck
{
    /// <summary>Healthy when the engine answers a ping; unhealthy on <see cref="SessionStoreUnavailableException"/>.</summary>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var engineName = settings.Value.Engine;
        try
        {
            await engine.PingAsync(cancellationToken);
            return HealthCheckResult.Healthy($"Session engine '{engineName}' answers.");
        }
        catch (SessionStoreUnavailableException ex)
        {
            return HealthCheckResult.Unhealthy($"Session engine '{engineName}' is unavailable.", ex);
        }
    }
}
