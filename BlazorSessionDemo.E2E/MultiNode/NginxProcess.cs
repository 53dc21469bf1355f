using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace BlazorSessionDemo.E2E.MultiNode;

/// <summary>
/// Debian's nginx as a plain child process (<c>daemon off; master_process off;</c>), its config, pid, logs and temp
/// folders in a temp prefix of its own, so nothing is written under /var: a round-robin reverse proxy on a free
/// loopback port in front of the given upstreams. It connects to them from <see cref="UpstreamSource"/> (a second
/// loopback address), so the nodes can trust the proxy without trusting the test's own direct requests from
/// 127.0.0.1. Each response names the node that served it in <c>X-Upstream</c>.
/// </summary>
public sealed class NginxProcess : IAsyncDisposable
{
    public const string Binary = "/usr/sbin/nginx";

    /// <summary>The address nginx connects to the nodes from: the one proxy they trust.</summary>
    public const string UpstreamSource = "127.0.0.2";

    private readonly string _prefix = Directory.CreateDirectory(
        Path.Combine(Path.GetTempPath(), "bsd-nginx", Guid.NewGuid().ToString("N"))).FullName;

    private Process? _process;

    public string BaseUrl { get; private set; } = "";

    public string ErrorLog => Path.Combine(_prefix, "error.log");

    public static async Task<NginxProcess> StartAsync(params Uri[] upstreams)
    {
        var nginx = new NginxProcess();
        try
        {
            await nginx.StartProcessAsync(upstreams);
            return nginx;
        }
        catch
        {
            await nginx.DisposeAsync();
            throw;
        }
    }

    private async Task StartProcessAsync(Uri[] upstreams)
    {
        var port = LoopbackPorts.Free();
        BaseUrl = $"http://127.0.0.1:{port}";
        var servers = string.Concat(upstreams.Select(u => $"    server {u.Host}:{u.Port.ToString(CultureInfo.InvariantCulture)};\n"));
        var config = Path.Combine(_prefix, "nginx.conf");
        // $proxy_add_x_forwarded_for appends the address nginx saw to whatever X-Forwarded-For the client sent; the
        // nodes read only that last entry (ForwardLimit 1), so a client's own header can't choose its address.
        await File.WriteAllTextAsync(config, $$"""
            worker_processes 1;
            master_process off;
            pid {{_prefix}}/nginx.pid;
            error_log {{ErrorLog}} warn;
            events { worker_connections 64; }
            http {
              access_log off;
              client_body_temp_path {{_prefix}}/client_body;
              proxy_temp_path {{_prefix}}/proxy;
              fastcgi_temp_path {{_prefix}}/fastcgi;
              uwsgi_temp_path {{_prefix}}/uwsgi;
              scgi_temp_path {{_prefix}}/scgi;
              upstream nodes {
            {{servers}}  }
              server {
                listen 127.0.0.1:{{port}};
                location / {
                  proxy_pass http://nodes;
                  proxy_bind {{UpstreamSource}};
                  proxy_set_header Host $http_host;
                  proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                  proxy_set_header X-Forwarded-Proto $scheme;
                  add_header X-Upstream $upstream_addr always;
                }
              }
            }
            """);
        var start = new ProcessStartInfo(Binary, ["-p", _prefix, "-c", config, "-e", ErrorLog, "-g", "daemon off;"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start.");
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilListeningAsync(port);
    }

    /// <summary>Bounded wait (a state polled for) until nginx accepts connections.</summary>
    private async Task WaitUntilListeningAsync(int port)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline && _process is { HasExited: false })
        {
            try
            {
                using var socket = new TcpClient();
                await socket.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        var log = File.Exists(ErrorLog) ? await File.ReadAllTextAsync(ErrorLog) : "(no error log)";
        throw new InvalidOperationException($"nginx did not listen on {BaseUrl}. Its error log:{Environment.NewLine}{log}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await KilledProcess.KillAsync(_process);
        }
        try
        {
            Directory.Delete(_prefix, recursive: true);
        }
        catch (IOException)
        {
            // Test debris in the temp folder.
        }
    }
}
