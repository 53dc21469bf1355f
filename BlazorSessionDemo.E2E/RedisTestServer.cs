using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace BlazorSessionDemo.E2E;

public sealed record RedisAddress(string Host, int Port);

/// <summary>
/// The Redis server the redis engine's browser test uses: the one <c>./test.sh</c> started (REDIS_TEST_HOST /
/// REDIS_TEST_PORT), else a <c>redis-server</c> of its own on a free loopback port, started on first use (so only the
/// redis case pays for it, and only the redis case fails when it can't start) and stopped on dispose.
/// Neither available is a failure that says why, never a skip.
/// </summary>
public sealed class RedisTestServer : IAsyncLifetime
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private RedisAddress? address;
    private Process? process;
    private string? directory;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task<RedisAddress> GetAddressAsync()
    {
        await gate.WaitAsync();
        try
        {
            return address ??= await FindOrStartAsync();
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<RedisAddress> FindOrStartAsync()
    {
        var host = Environment.GetEnvironmentVariable("REDIS_TEST_HOST");
        var port = Environment.GetEnvironmentVariable("REDIS_TEST_PORT");
        if (!string.IsNullOrEmpty(host) || !string.IsNullOrEmpty(port))
        {
            if (string.IsNullOrEmpty(host) || !int.TryParse(port, CultureInfo.InvariantCulture, out var portNumber))
            {
                throw new InvalidOperationException(
                    $"REDIS_TEST_HOST='{host}' and REDIS_TEST_PORT='{port}' must both be set (host, port number) or both be unset.");
            }
            return await PingAsync(host, portNumber)
                ? new RedisAddress(host, portNumber)
                : throw new InvalidOperationException(
                    $"REDIS_TEST_HOST/REDIS_TEST_PORT name {host}:{portNumber}, but no Redis server answers PING there.");
        }
        return await StartOwnAsync();
    }

    private async Task<RedisAddress> StartOwnAsync()
    {
        var own = new RedisAddress("127.0.0.1", FreePort());
        directory = Directory.CreateDirectory(
            Path.Combine(Path.GetTempPath(), $"blazorsessiondemo-e2e-redis-{Guid.NewGuid():N}")).FullName;
        var start = new ProcessStartInfo("redis-server") { UseShellExecute = false };
        foreach (var argument in new[]
                 {
                     "--bind", own.Host, "--port", own.Port.ToString(CultureInfo.InvariantCulture), "--dir", directory,
                     "--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile", "redis.log",
                 })
        {
            start.ArgumentList.Add(argument);
        }
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException(
                "The redis engine needs a Redis server: install redis-server (apt-get install redis-server; ./test.sh does) " +
                "or point the tests at a running one with REDIS_TEST_HOST and REDIS_TEST_PORT.", ex);
        }
        // Readiness is a state to poll for (bounded: 20 s in 100 ms steps), not a timed assertion.
        for (var attempt = 0; attempt < 200 && !process.HasExited; attempt++)
        {
            if (await PingAsync(own.Host, own.Port))
            {
                return own;
            }
            await Task.Delay(100);
        }
        var log = Path.Combine(directory, "redis.log");
        throw new InvalidOperationException(
            $"redis-server on {own.Host}:{own.Port} did not answer PING. Its log:{Environment.NewLine}" +
            (File.Exists(log) ? await File.ReadAllTextAsync(log) : "(no log written)"));
    }

    /// <summary>True when a Redis server answers PING with PONG (up, and done loading).</summary>
    private static async Task<bool> PingAsync(string host, int port)
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await client.ConnectAsync(host, port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token);
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer, timeout.Token);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task DisposeAsync()
    {
        if (process is not null)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            await process.WaitForExitAsync();
            process.Dispose();
        }
        if (directory is not null && Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
        gate.Dispose();
    }
}
