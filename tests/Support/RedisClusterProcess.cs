using System.Diagnostics;

namespace BlazorSessionDemo.TestSupport;

/// <summary>
/// A real Redis Cluster of the test's own: three primaries without replicas (<see cref="RedisServerProcess"/> each,
/// with <c>--cluster-enabled yes</c>, on free loopback ports, expiry notifications on), joined by
/// <c>redis-cli --cluster create</c>; ready once every node reports <c>cluster_state:ok</c>. Killed and its temp dirs
/// deleted on dispose.
/// </summary>
public sealed class RedisClusterProcess : IAsyncDisposable
{
    private readonly List<RedisServerProcess> _nodes = [];

    private RedisClusterProcess()
    {
    }

    public IReadOnlyList<RedisServerProcess> Nodes => _nodes;

    /// <summary>The StackExchange.Redis configuration string naming every node.</summary>
    public string Configuration => string.Join(",", _nodes.Select(n => $"{n.Host}:{n.Port}"));

    public static async Task<RedisClusterProcess> StartNewAsync(int primaries = 3)
    {
        var cluster = new RedisClusterProcess();
        try
        {
            for (var i = 0; i < primaries; i++)
            {
                // The cluster bus port is its own free port (the default, port + 10000, may be taken or beyond 65535);
                // nodes.conf lands in the node's own temp dir.
                cluster._nodes.Add(await RedisServerProcess.StartNewAsync(false,
                    "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                    "--cluster-port", LoopbackPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "--notify-keyspace-events", "Ex"));
            }
            await RedisCliAsync(["--cluster", "create", .. cluster._nodes.Select(n => $"{n.Host}:{n.Port}"),
                "--cluster-replicas", "0", "--cluster-yes"]);
            await cluster.WaitUntilEveryNodeIsOkAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Bounded: every node sees all 16384 slots served (up to 20 s), else a failure with the last answer.</summary>
    private async Task WaitUntilEveryNodeIsOkAsync()
    {
        var last = "";
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var ok = true;
            foreach (var node in _nodes)
            {
                last = await RedisCliAsync(["-h", node.Host, "-p", node.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "cluster", "info"]);
                ok &= last.Contains("cluster_state:ok", StringComparison.Ordinal);
            }
            if (ok)
            {
                return;
            }
            await Task.Delay(100);
        }
        throw new InvalidOperationException($"The Redis Cluster never reached cluster_state:ok. Last CLUSTER INFO:{Environment.NewLine}{last}");
    }

    private static async Task<string> RedisCliAsync(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("redis-cli") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("redis-cli did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("redis-cli is not installed: install it (apt-get install redis-tools; ./test.sh does).", ex);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
            return process.ExitCode == 0
                ? await output
                : throw new InvalidOperationException(
                    $"redis-cli {string.Join(' ', start.ArgumentList)} failed ({process.ExitCode}):{Environment.NewLine}{await output}{await error}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }
}
