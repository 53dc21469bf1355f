using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
namespace BlazorSessionDemo.TestSupport;

/// <summary>
/// A real <c>redis-server</c> of the test's own (shared by the unit and the browser test projects: one implementation) on a free loopback port, in a temp dir that is deleted on dispose.
/// It can be killed (a crash, as an outage looks to the app) and started again on the same port; with
/// <c>persistent</c> it keeps its data across that through an append-only file fsynced on every write.
/// </summary>
public sealed class RedisServerProcess : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "bsd-redis", Guid.NewGuid().ToString("N"));
    private readonly bool _persistent;
    private readonly string[] _extraArguments;
    private Process? _process;

    private RedisServerProcess(int port, bool persistent, string[] extraArguments)
    {
        Port = port;
        _persistent = persistent;
        _extraArguments = extraArguments;
        Directory.CreateDirectory(_directory);
    }

    public string Host => "127.0.0.1";

    public int Port { get; }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>A server that is not started yet, on a port that is free now (for "the app starts while Redis is down").</summary>
    public static RedisServerProcess Create(bool persistent = false, params string[] extraArguments) =>
        new(LoopbackPorts.Free(), persistent, extraArguments);

    /// <param name="extraArguments">More redis-server options, e.g. <c>--requirepass</c>.</param>
    public static async Task<RedisServerProcess> StartNewAsync(bool persistent = false, params string[] extraArguments)
    {
        var server = Create(persistent, extraArguments);
        try
        {
            await server.StartAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts redis-server and returns once it answers PING with PONG (its data loaded).</summary>
    public async Task StartAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("redis-server is already running.");
        }
        var start = new ProcessStartInfo("redis-server") { UseShellExecute = false };
        foreach (var argument in new[]
                 {
                     "--bind", Host, "--port", Port.ToString(), "--dir", _directory, "--save", "", "--daemonize", "no",
                     "--logfile", "redis.log", "--appendonly", _persistent ? "yes" : "no", "--appendfsync", "always",
                 }.Concat(_extraArguments))
        {
            start.ArgumentList.Add(argument);
        }
        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException(
                "redis-server is not installed: install it (apt-get install redis-server; ./test.sh does) " +
                "or point the tests at a running server with REDIS_TEST_HOST and REDIS_TEST_PORT.", ex);
        }
        // Bounded wait for readiness: up to 20 s in 100 ms steps, then a clear failure with redis' own log.
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (_process.HasExited)
            {
                break;
            }
            // Up and done loading: PONG, or NOAUTH from a server that wants a password first.
            if (await SendPingAsync(Host, Port) is { } reply
                && (reply.StartsWith("+PONG", StringComparison.Ordinal) || reply.StartsWith("-NOAUTH", StringComparison.Ordinal)))
            {
                return;
            }
            await Task.Delay(100);
        }
        var log = Path.Combine(_directory, "redis.log");
        await StopAsync();
        throw new InvalidOperationException(
            $"redis-server on {Host}:{Port} did not answer PING. Its log:{Environment.NewLine}" +
            (File.Exists(log) ? await File.ReadAllTextAsync(log) : "(no log written)"));
    }

    /// <summary>Kills the server (SIGKILL, like a crash) and waits for it to be gone.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }
        await KilledProcess.KillAsync(_process);
        _process = null;
    }

    /// <summary>True when a Redis server at the address answers PING with PONG (not, e.g., LOADING).</summary>
    public static async Task<bool> PingAsync(string host, int port) =>
        await SendPingAsync(host, port) is { } reply && reply.StartsWith("+PONG", StringComparison.Ordinal);

    /// <summary>The server's reply to PING, or null when nothing answers.</summary>
    private static async Task<string?> SendPingAsync(string host, int port)
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
            return Encoding.ASCII.GetString(buffer, 0, read);
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still being closed by the killed server; the temp dir is only test debris.
        }
    }
}
