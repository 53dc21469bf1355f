using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DjangoSessions.Redis;

/// <summary>
/// Fails the app's start when <c>Session:Redis:Db</c> is not 0 and the servers are a Redis Cluster (which has only
/// database 0), instead of on every request later. Connects early only in that case, and only when the engine is
/// <c>redis</c>; a Redis that is down at start leaves the check to the first use (<see cref="RedisSessionConnection"/>).
/// </summary>
internal sealed class RedisDatabaseStartupCheck(
    RedisSessionConnection connection,
    IOptions<DjangoSessionSettings> sessionSettings,
    IOptions<RedisSessionSettings> redisSettings) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (sessionSettings.Value.Engine == SessionEngineNames.Redis && redisSettings.Value.Db != 0)
        {
            await connection.GetMultiplexerAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
