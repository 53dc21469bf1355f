using System.Globalization;

namespace BlazorSessionDemo.TestSupport;

/// <summary>
/// The Redis server a test fixture uses: the one <c>./test.sh</c> started (<c>REDIS_TEST_HOST</c> /
/// <c>REDIS_TEST_PORT</c>), else a <see cref="RedisServerProcess"/> of its own on a free loopback port, stopped on
/// dispose. Neither available is a failure that says why, never a skip.
/// </summary>
public sealed class RedisTestEndpoint : IAsyncDisposable
{
    private readonly RedisServerProcess? _ownServer;

    private RedisTestEndpoint(string host, int port, RedisServerProcess? ownServer)
    {
        Host = host;
        Port = port;
        _ownServer = ownServer;
    }

    public string Host { get; }

    public int Port { get; }

    /// <summary>The configured server once it answers PING, else a new one of this test run's own.</summary>
    public static async Task<RedisTestEndpoint> FindOrStartAsync()
    {
        var host = Environment.GetEnvironmentVariable("REDIS_TEST_HOST");
        var port = Environment.GetEnvironmentVariable("REDIS_TEST_PORT");
        if (string.IsNullOrEmpty(host) && string.IsNullOrEmpty(port))
        {
            var own = await RedisServerProcess.StartNewAsync();
            return new RedisTestEndpoint(own.Host, own.Port, own);
        }
        if (string.IsNullOrEmpty(host) || !int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var portNumber))
        {
            throw new InvalidOperationException(
                $"REDIS_TEST_HOST='{host}' and REDIS_TEST_PORT='{port}' must both be set (host, port number) or both be unset.");
        }
        return await RedisServerProcess.PingAsync(host, portNumber)
            ? new RedisTestEndpoint(host, portNumber, ownServer: null)
            : throw new InvalidOperationException(
                $"REDIS_TEST_HOST/REDIS_TEST_PORT name {host}:{portNumber}, but no Redis server answers PING there.");
    }

    public async ValueTask DisposeAsync()
    {
        if (_ownServer is not null)
        {
            await _ownServer.DisposeAsync();
        }
    }
}
