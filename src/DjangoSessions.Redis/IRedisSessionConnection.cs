using StackExchange.Redis;

namespace DjangoSessions.Redis;

/// <summary>
/// The Redis connection of the <c>redis</c> engine, for an app's other state that every node must share on the same
/// server (login lockout counts): one multiplexer per app, as StackExchange.Redis wants, opened on first use and
/// reconnecting by itself.
/// </summary>
public interface IRedisSessionConnection
{
    /// <summary>The database <c>Session:Redis:Db</c> names, connecting on first use.</summary>
    Task<IDatabase> GetDatabaseAsync(CancellationToken cancellationToken = default);
}
