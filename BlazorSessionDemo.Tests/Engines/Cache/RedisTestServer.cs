using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace BlazorSessionDemo.Tests.Engines.Cache;

/// <summary>
/// The real redis-server the cache tests talk to: the one <c>./test.sh</c> started (<c>REDIS_TEST_HOST</c> /
/// <c>REDIS_TEST_PORT</c>), or else one this fixture starts on a free loopback port with no persistence and stops
/// afterwards. No server is a failure with the reason, never a skip.
/// </summary>
public sealed class RedisTestServer : IAsyncLifetime
{
    private const string InstallHint = "Run the tests through ./test.sh (it starts one and exports REDIS_TEST_HOST / " +
        "REDIS_TEST_PORT), or install redis-server (`apt-get install -y redis-server`) so the tests can start their own.";

    private Process? _ownServer;

    public string Host { get; private set; } = "127.0.0.1";

    public int Port { get; private set; }

    /// <summary>A connection for looking at what the engine stored (keys, TTLs), independent of the cache under test.</summary>
    public IConnectionMultiplexer Connection { get; private set; } = null!;

    /// <summary>StackExchange.Redis configuration for this server; short timeouts so a failure shows quickly.</summary>
    public string Configuration => $"{Host}:{Port},connectTimeout=2000,syncTimeout=2000,asyncTimeout=2000";

    public async Task InitializeAsync()
    {
        var host = Environment.GetEnvironmentVariable("REDIS_TEST_HOST");
        var port = Environment.GetEnvironmentVariable("REDIS_TEST_PORT");
        if (!string.IsNullOrEmpty(host) || !string.IsNullOrEmpty(port))
        {
            Assert.True(!string.IsNullOrEmpty(host) && int.TryParse(port, out _),
                $"REDIS_TEST_HOST ('{host}') and REDIS_TEST_PORT ('{port}') must both be set, the port as a number.");
            Host = host!;
            Port = int.Parse(port!, System.Globalization.CultureInfo.InvariantCulture);
        }
        else
        {
            Port = FreeLoopbackPort();
            _ownServer = StartOwnServer(Port);
        }
        Connection = await ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        if (Connection is not null)
        {
            await Connection.DisposeAsync();
        }
        if (_ownServer is { } server)
        {
            if (!server.HasExited)
            {
                server.Kill();
                await server.WaitForExitAsync();
            }
            server.Dispose();
        }
    }

    /// <summary>A loopback port nothing listens on (bound once by the OS, then released).</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static Process StartOwnServer(int port)
    {
        var start = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--bind", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--save", "", "--appendonly", "no", "--daemonize", "no" })
        {
            start.ArgumentList.Add(argument);
        }
        try
        {
            var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
            // Drain its output so a chatty server never blocks on a full pipe.
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return process;
        }
        catch (Win32Exception ex)
        {
            Assert.Fail($"redis-server could not be started ({ex.Message}). {InstallHint}");
            throw;
        }
    }

    private async Task<IConnectionMultiplexer> ConnectAsync()
    {
        // A server we just started needs a moment to listen: retry a bounded number of times, then fail with the reason.
        Exception? last = null;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (_ownServer is { HasExited: true })
            {
                Assert.Fail($"redis-server on port {Port} exited with {_ownServer.ExitCode}. {InstallHint}");
            }
            try
            {
                return await ConnectionMultiplexer.ConnectAsync(Configuration);
            }
            catch (RedisConnectionException ex)
            {
                last = ex;
                await Task.Delay(100);
            }
        }
        Assert.Fail($"No redis-server answers on {Host}:{Port}: {last?.Message}. {InstallHint}");
        throw new InvalidOperationException("unreachable");
    }
}

/// <summary>One redis-server for every cache test that needs it.</summary>
[CollectionDefinition(Name)]
public sealed class CacheRedisCollection : ICollectionFixture<RedisTestServer>
{
    public const string Name = "cache engines on redis-server";
}
